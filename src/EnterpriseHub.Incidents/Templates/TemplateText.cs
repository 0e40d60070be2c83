using System.Text;
using System.Text.RegularExpressions;

namespace EnterpriseHub.Incidents.Templates;

/// <summary>
/// The <c>{{ path }}</c> templates of playbook inputs. Paths are dotted: <c>alert.labels.service</c>,
/// <c>alert.annotations.summary</c>, <c>alert.name</c>, <c>incident.id</c>, <c>target</c>,
/// <c>steps.NAME.outputs.KEY</c>. Deliberately no expressions or filters: a playbook's inputs stay readable and a
/// template can be checked completely when the file loads.
/// </summary>
public static partial class TemplateText
{
    /// <summary>The roots a path may start with.</summary>
    public static readonly IReadOnlyList<string> Roots = ["alert", "incident", "playbook", "steps", "target"];

    [GeneratedRegex(@"\{\{\s*(?<path>[^{}]*?)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathShape();

    /// <summary>The paths a template refers to.</summary>
    public static IEnumerable<string> Paths(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        foreach (Match match in Placeholder().Matches(template))
        {
            yield return match.Groups["path"].Value;
        }
    }

    /// <summary>What is wrong with a template, given the names of the steps before it; empty when nothing.</summary>
    public static IEnumerable<string> Problems(string template, IReadOnlyCollection<string> earlierSteps)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(earlierSteps);
        var stripped = Placeholder().Replace(template, "");
        if (stripped.Contains("{{", StringComparison.Ordinal) || stripped.Contains("}}", StringComparison.Ordinal))
        {
            yield return $"unbalanced '{{{{' or '}}}}' in template '{template}'";
        }

        foreach (var path in Paths(template))
        {
            if (!PathShape().IsMatch(path))
            {
                yield return $"'{{{{ {path} }}}}' is not a dotted path such as alert.labels.service";
                continue;
            }

            var parts = path.Split('.');
            if (!Roots.Contains(parts[0]))
            {
                yield return $"'{path}' starts with '{parts[0]}'; a path starts with one of {string.Join(", ", Roots)}";
            }
            else if (parts[0] == "steps" && (parts.Length < 4 || parts[2] != "outputs"))
            {
                yield return $"'{path}' must read steps.NAME.outputs.KEY";
            }
            else if (parts[0] == "steps" && !earlierSteps.Contains(parts[1]))
            {
                yield return $"'{path}' refers to step '{parts[1]}', which does not run before this one";
            }
        }
    }

    /// <summary>Renders a template; a path that has no value renders as an empty string.</summary>
    public static string Render(string template, TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(scope);
        if (!template.Contains("{{", StringComparison.Ordinal))
        {
            return template;
        }

        var text = new StringBuilder(template.Length);
        var last = 0;
        foreach (Match match in Placeholder().Matches(template))
        {
            text.Append(template, last, match.Index - last);
            text.Append(scope.Resolve(match.Groups["path"].Value));
            last = match.Index + match.Length;
        }

        text.Append(template, last, template.Length - last);
        return text.ToString();
    }
}
