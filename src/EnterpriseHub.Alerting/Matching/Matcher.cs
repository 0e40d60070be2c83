using System.Text;
using System.Text.RegularExpressions;

namespace EnterpriseHub.Alerting.Matching;

/// <summary>
/// A label matcher with Alertmanager's semantics: a label the set lacks has the empty value (so <c>a=""</c> matches
/// sets without <c>a</c>), and regular expressions are anchored at both ends: they must match the whole value.
/// </summary>
public sealed class Matcher
{
    // Alertmanager's expressions are RE2: no backreferences or lookarounds, linear time. The non-backtracking engine
    // has the same guarantees (and rejects the same constructs), so a hostile silence cannot stall the router.
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    private readonly Regex? _regex;

    /// <summary>Creates a matcher; throws <see cref="FormatException"/> for an empty name or an invalid expression.</summary>
    public Matcher(string name, MatchOperator type, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Length == 0)
        {
            throw new FormatException("A matcher needs a label name.");
        }

        Name = name;
        Type = type;
        Value = value;
        if (type is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            try
            {
                // \z rather than $: in .NET, $ also matches before a final newline; Go's does not.
                _regex = new Regex("^(?:" + TranslateRe2(value) + ")\\z", Options);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                throw new FormatException($"Invalid regular expression for label '{name}': {ex.Message}", ex);
            }
        }
    }

    /// <summary>The label name.</summary>
    public string Name { get; }

    /// <summary>The operator.</summary>
    public MatchOperator Type { get; }

    /// <summary>The value, or the regular expression.</summary>
    public string Value { get; }

    /// <summary>Whether the value (or the empty string, when the label is absent) satisfies the matcher.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return Matches(labels.TryGetValue(Name, out var value) ? value : "");
    }

    /// <summary>Whether <paramref name="value"/> satisfies the matcher.</summary>
    public bool Matches(string value) => Type switch
    {
        MatchOperator.Equal => string.Equals(value, Value, StringComparison.Ordinal),
        MatchOperator.NotEqual => !string.Equals(value, Value, StringComparison.Ordinal),
        MatchOperator.Regex => _regex!.IsMatch(value),
        _ => !_regex!.IsMatch(value),
    };

    /// <summary>Whether every matcher in <paramref name="matchers"/> matches (true for none).</summary>
    public static bool All(IReadOnlyList<Matcher> matchers, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        for (var i = 0; i < matchers.Count; i++)
        {
            if (!matchers[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The operator as written: <c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>.</summary>
    public static string Operator(MatchOperator type) => type switch
    {
        MatchOperator.Equal => "=",
        MatchOperator.NotEqual => "!=",
        MatchOperator.Regex => "=~",
        _ => "!~",
    };

    /// <summary>The matcher as Alertmanager prints it: <c>name="value"</c>, the value quoted and escaped.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name.Length + Value.Length + 4);
        text.Append(Name).Append(Operator(Type));
        LabelSetText.AppendQuoted(text, Value);
        return text.ToString();
    }

    // RE2's named group syntax (?P<name>...) is the one construct .NET spells differently.
    private static string TranslateRe2(string expression) =>
        expression.Contains("(?P<", StringComparison.Ordinal) ? expression.Replace("(?P<", "(?<", StringComparison.Ordinal) : expression;
}
