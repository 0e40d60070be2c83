using System.Text;

namespace EnterpriseHub.Alerting.Matching;

/// <summary>
/// Parses matchers as Alertmanager's configuration writes them: <c>severity="critical"</c>, <c>service=~"api|web"</c>,
/// <c>env!=prod</c> (quotes optional), or a list in braces separated by commas: <c>{a="1", b!~"x.*"}</c>.
/// </summary>
public static class MatcherParser
{
    /// <summary>Parses one matcher; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static Matcher ParseOne(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = Parse(text);
        return list.Count == 1 ? list[0] : throw new FormatException($"Expected one matcher in '{text}', found {list.Count}.");
    }

    /// <summary>Parses one matcher or a braced, comma-separated list of them.</summary>
    public static IReadOnlyList<Matcher> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        if (body.StartsWith('{'))
        {
            if (!body.EndsWith('}'))
            {
                throw new FormatException($"Matcher list '{text}' opens with '{{' but does not close with '}}'.");
            }

            body = body[1..^1];
        }

        var result = new List<Matcher>();
        foreach (var part in SplitOutsideQuotes(body))
        {
            if (part.Trim().Length > 0)
            {
                result.Add(ParseSingle(part.Trim(), text));
            }
        }

        return result;
    }

    private static Matcher ParseSingle(string part, string whole)
    {
        var opIndex = part.IndexOfAny(['=', '!']);
        if (opIndex <= 0)
        {
            throw new FormatException($"Matcher '{part}' in '{whole}' needs a label name and one of =, !=, =~, !~.");
        }

        var name = part[..opIndex].Trim();
        MatchOperator type;
        int valueStart;
        if (part[opIndex] == '!')
        {
            if (opIndex + 1 >= part.Length || (part[opIndex + 1] != '=' && part[opIndex + 1] != '~'))
            {
                throw new FormatException($"Matcher '{part}' in '{whole}': '!' must be followed by '=' or '~'.");
            }

            type = part[opIndex + 1] == '=' ? MatchOperator.NotEqual : MatchOperator.NotRegex;
            valueStart = opIndex + 2;
        }
        else if (opIndex + 1 < part.Length && part[opIndex + 1] == '~')
        {
            type = MatchOperator.Regex;
            valueStart = opIndex + 2;
        }
        else
        {
            type = MatchOperator.Equal;
            valueStart = opIndex + 1;
        }

        if (name.StartsWith('"') && name.EndsWith('"') && name.Length >= 2)
        {
            name = Unquote(name, whole);
        }

        var value = part[valueStart..].Trim();
        if (value.StartsWith('"'))
        {
            value = Unquote(value, whole);
        }

        return new Matcher(name, type, value);
    }

    private static string Unquote(string quoted, string whole)
    {
        if (quoted.Length < 2 || !quoted.EndsWith('"'))
        {
            throw new FormatException($"Unterminated quoted value {quoted} in '{whole}'.");
        }

        var text = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c == '\\' && i + 1 < quoted.Length - 1)
            {
                var next = quoted[++i];
                text.Append(next switch { 'n' => '\n', 't' => '\t', _ => next });
            }
            else if (c == '"')
            {
                throw new FormatException($"Unescaped quote inside {quoted} in '{whole}'.");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static List<string> SplitOutsideQuotes(string body)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                parts.Add(body[start..i]);
                start = i + 1;
            }
        }

        parts.Add(body[start..]);
        return parts;
    }
}
