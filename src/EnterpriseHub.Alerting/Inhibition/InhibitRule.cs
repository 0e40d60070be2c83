using EnterpriseHub.Alerting.Matching;

namespace EnterpriseHub.Alerting.Inhibition;

/// <summary>
/// An inhibition rule as in Alertmanager: a firing alert matching <see cref="SourceMatchers"/> mutes the alerts
/// matching <see cref="TargetMatchers"/> that have equal values (absent counts as empty) for every label in
/// <see cref="Equal"/>.
/// </summary>
/// <param name="SourceMatchers">What the inhibiting alert matches.</param>
/// <param name="TargetMatchers">What the inhibited alert matches.</param>
/// <param name="Equal">Labels whose values must agree.</param>
public sealed record InhibitRule(IReadOnlyList<Matcher> SourceMatchers, IReadOnlyList<Matcher> TargetMatchers, IReadOnlyList<string> Equal)
{
    /// <summary>Whether <paramref name="source"/> inhibits <paramref name="target"/> under this rule.</summary>
    public bool Inhibits(IReadOnlyDictionary<string, string> source, IReadOnlyDictionary<string, string> target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        if (!Matcher.All(TargetMatchers, target) || !Matcher.All(SourceMatchers, source))
        {
            return false;
        }

        // An alert that matches both sides must not be muted by another that also matches both: otherwise two
        // such alerts with equal labels would silence each other and nobody would hear of either (Alertmanager
        // documents the same exception).
        if (Matcher.All(SourceMatchers, target) && Matcher.All(TargetMatchers, source))
        {
            return false;
        }

        foreach (var name in Equal)
        {
            var a = source.TryGetValue(name, out var sv) ? sv : "";
            var b = target.TryGetValue(name, out var tv) ? tv : "";
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
