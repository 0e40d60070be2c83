using System.Text.RegularExpressions;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Matching;
using EnterpriseHub.Incidents.Playbooks;
using EnterpriseHub.Incidents.Templates;

namespace EnterpriseHub.Incidents.Engine;

/// <summary>Whether a playbook applies to an alert: its trigger, then its preconditions.</summary>
public static class PlaybookMatching
{
    /// <summary>Whether the trigger matches: every non-empty list contains the alert's value and every matcher holds.</summary>
    public static bool Triggers(PlaybookTrigger trigger, Alert alert)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        ArgumentNullException.ThrowIfNull(alert);
        var labels = alert.Labels;
        return In(trigger.Services, labels.GetValueOrDefault("service"))
            && In(trigger.Metrics, labels.GetValueOrDefault("metric"))
            && In(trigger.Severities, alert.Severity.ToString(), ignoreCase: true)
            && In(trigger.Kinds, labels.GetValueOrDefault("kind") ?? alert.Kind.ToString(), ignoreCase: true)
            && Matcher.All(trigger.Labels, labels);
    }

    /// <summary>The first precondition that fails, or null when all hold.</summary>
    public static Precondition? FailedPrecondition(PlaybookDefinition playbook, TemplateScope scope)
    {
        ArgumentNullException.ThrowIfNull(playbook);
        foreach (var condition in playbook.Preconditions)
        {
            var value = TemplateText.Render(condition.Value, scope);
            var holds = condition.Operator switch
            {
                PreconditionOperator.Equals => value == condition.Operand,
                PreconditionOperator.NotEquals => value != condition.Operand,
                _ => Regex.IsMatch(value, "^(?:" + condition.Operand + ")$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
            };
            if (!holds)
            {
                return condition;
            }
        }

        return null;
    }

    private static bool In(IReadOnlyList<string> allowed, string? value, bool ignoreCase = false) =>
        allowed.Count == 0 || (value is not null && allowed.Contains(value, ignoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal));
}
