using System.Collections.Generic;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator.Emit;

/// <summary>Turns a <see cref="GenerationModel"/> into source files: one per proxy, one per declaring interface's
/// requests, one for the registration.</summary>
internal static class GrainSourceWriter
{
    public static void Write(SourceProductionContext context, GenerationModel model)
    {
        if (model.Interfaces.Count == 0 && model.Classes.Count == 0)
        {
            return;
        }

        var names = new GeneratedNames();

        // Request classes are named after the declaring interface and generated once per compilation, including
        // for methods inherited from grain interfaces of referenced assemblies (whose own request classes are
        // internal to them).
        var requests = new List<(GrainMethodModel Method, string ClassName)>();
        var seen = new HashSet<(string, int)>();
        foreach (var grainInterface in model.Interfaces)
        {
            names.Proxy(grainInterface.Name);
        }

        foreach (var grainInterface in model.Interfaces)
        {
            foreach (var method in grainInterface.Methods)
            {
                if (seen.Add((method.InterfaceName, method.Index)))
                {
                    requests.Add((method, string.Empty));
                }
            }
        }

        requests.Sort(static (left, right) =>
        {
            var byInterface = string.CompareOrdinal(left.Method.InterfaceName, right.Method.InterfaceName);
            return byInterface != 0 ? byInterface : left.Method.Index.CompareTo(right.Method.Index);
        });
        for (var i = 0; i < requests.Count; i++)
        {
            requests[i] = (requests[i].Method, names.Request(requests[i].Method));
        }

        foreach (var grainInterface in model.Interfaces)
        {
            var writer = new CodeWriter(model.Namespace);
            ProxyEmitter.Write(writer, grainInterface, names);
            context.AddSource(names.Proxy(grainInterface.Name) + ".g.cs", writer.ToString());
        }

        WriteRequests(context, model.Namespace, requests);

        var registration = new CodeWriter(model.Namespace);
        RegistrationEmitter.Write(registration, model.Interfaces, requests, model.Classes, names);
        context.AddSource(RegistrationEmitter.ClassName + ".g.cs", registration.ToString());
    }

    /// <summary>Writes the requests grouped by declaring interface, one file per interface.</summary>
    private static void WriteRequests(SourceProductionContext context, string ns, List<(GrainMethodModel Method, string ClassName)> requests)
    {
        var hintNames = new HashSet<string>(System.StringComparer.Ordinal);
        var start = 0;
        while (start < requests.Count)
        {
            var interfaceName = requests[start].Method.InterfaceName;
            var writer = new CodeWriter(ns);
            var end = start;
            for (; end < requests.Count && requests[end].Method.InterfaceName == interfaceName; end++)
            {
                if (end > start)
                {
                    writer.Blank();
                }

                RequestEmitter.Write(writer, requests[end].Method, requests[end].ClassName);
            }

            // Mangled names of different interfaces can coincide (A.B_C, A_B.C); hint names must not.
            var hintName = "Requests_" + Analysis.TypeNames.Mangle(interfaceName);
            var unique = hintName;
            for (var suffix = 2; !hintNames.Add(unique); suffix++)
            {
                unique = hintName + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.AddSource(unique + ".g.cs", writer.ToString());
            start = end;
        }
    }
}
