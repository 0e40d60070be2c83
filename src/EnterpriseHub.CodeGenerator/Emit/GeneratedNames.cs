using System.Collections.Generic;
using System.Globalization;
using EnterpriseHub.CodeGenerator.Analysis;
using EnterpriseHub.CodeGenerator.Models;

namespace EnterpriseHub.CodeGenerator.Emit;

/// <summary>
/// Names of the generated proxy and request classes. Names come from the interface's full name with dots
/// replaced, so <c>A.B_C</c> and <c>A_B.C</c> would clash; clashes get a numeric suffix. Callers ask in a
/// sorted order so the names are stable from build to build.
/// </summary>
internal sealed class GeneratedNames
{
    private readonly HashSet<string> _taken = new(System.StringComparer.Ordinal);
    private readonly Dictionary<string, string> _proxies = new(System.StringComparer.Ordinal);
    private readonly Dictionary<(string Interface, int Index), string> _requests = new();

    public string Proxy(string interfaceName)
    {
        if (!_proxies.TryGetValue(interfaceName, out var name))
        {
            name = Allocate("Proxy_" + TypeNames.Mangle(interfaceName));
            _proxies.Add(interfaceName, name);
        }

        return name;
    }

    public string Request(GrainMethodModel method)
    {
        var key = (method.InterfaceName, method.Index);
        if (!_requests.TryGetValue(key, out var name))
        {
            var index = method.Index.ToString(CultureInfo.InvariantCulture);
            name = Allocate("Request_" + TypeNames.Mangle(method.InterfaceName) + "_" + method.Name + "_" + index);
            _requests.Add(key, name);
        }

        return name;
    }

    private string Allocate(string preferred)
    {
        var name = preferred;
        for (var suffix = 2; !_taken.Add(name); suffix++)
        {
            name = preferred + "_" + suffix.ToString(CultureInfo.InvariantCulture);
        }

        return name;
    }
}
