using System.Globalization;
using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Incidents.Templates;

/// <summary>The values templates of one run can refer to.</summary>
public sealed class TemplateScope
{
    private readonly Alert _alert;
    private readonly IReadOnlyDictionary<string, string> _incident;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _steps;
    private readonly bool _keepStepTemplates;

    /// <summary>Creates a scope over an alert, the incident's fields, the playbook and earlier steps' outputs;
    /// <paramref name="keepStepTemplates"/> leaves references to steps that have not run as they are (for plans).</summary>
    public TemplateScope(
        Alert alert,
        IReadOnlyDictionary<string, string> incident,
        string playbook,
        string target,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> steps,
        bool keepStepTemplates = false)
    {
        ArgumentNullException.ThrowIfNull(alert);
        _alert = alert;
        _incident = incident;
        Playbook = playbook;
        Target = target;
        _steps = steps;
        _keepStepTemplates = keepStepTemplates;
    }

    /// <summary>The playbook's name.</summary>
    public string Playbook { get; }

    /// <summary>The rendered guardrail target.</summary>
    public string Target { get; }

    /// <summary>The value at a dotted path, or an empty string.</summary>
    public string Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parts = path.Split('.', 3);
        return parts[0] switch
        {
            "alert" when parts.Length >= 2 => AlertValue(parts[1], parts.Length == 3 ? parts[2] : null),
            "incident" when parts.Length == 2 => _incident.GetValueOrDefault(parts[1], ""),
            "playbook" when parts.Length == 2 && parts[1] == "name" => Playbook,
            "target" when parts.Length == 1 => Target,
            "steps" when parts.Length == 3 => StepValue(parts[1], parts[2]),
            _ => "",
        };
    }

    private string AlertValue(string field, string? key) => field switch
    {
        "labels" when key is not null => _alert.Labels.GetValueOrDefault(key, ""),
        "annotations" when key is not null => _alert.Annotations.GetValueOrDefault(key, ""),
        "name" => _alert.Name,
        "fingerprint" => _alert.Fingerprint,
        "severity" => _alert.Severity.ToString().ToLowerInvariant(),
        "kind" => _alert.Labels.GetValueOrDefault("kind", _alert.Kind.ToString()),
        "summary" => _alert.Summary,
        "series" => _alert.SeriesId ?? "",
        "state" => _alert.State.ToString().ToLowerInvariant(),
        "starts_at" => _alert.StartsAt.ToString("O", CultureInfo.InvariantCulture),
        "confidence" => _alert.Confidence.ToString("0.###", CultureInfo.InvariantCulture),
        _ => "",
    };

    private string StepValue(string step, string rest)
    {
        // rest is "outputs.KEY"; the key may itself contain dots.
        const string Prefix = "outputs.";
        if (_keepStepTemplates && !_steps.ContainsKey(step))
        {
            // A plan made before the run: show what the value will come from.
            return "{{ steps." + step + "." + rest + " }}";
        }

        return rest.StartsWith(Prefix, StringComparison.Ordinal) && _steps.TryGetValue(step, out var outputs)
            ? outputs.GetValueOrDefault(rest[Prefix.Length..], "")
            : "";
    }
}
