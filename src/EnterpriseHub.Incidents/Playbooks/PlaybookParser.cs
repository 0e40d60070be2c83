using System.Globalization;
using System.Text.RegularExpressions;
using EnterpriseHub.Alerting.Matching;
using EnterpriseHub.Incidents.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EnterpriseHub.Incidents.Playbooks;

/// <summary>
/// Turns one playbook file into a <see cref="PlaybookDefinition"/>, checking everything that can be checked before a
/// run: YAML syntax, known keys, types, durations, enum values, matchers, regular expressions, templates (paths and
/// references to earlier steps) and each action's own inputs. Every problem carries its file, line and column.
/// </summary>
public sealed class PlaybookParser
{
    private static readonly string[] s_topKeys = ["name", "description", "trigger", "preconditions", "steps", "rollback", "guardrails"];
    private static readonly string[] s_triggerKeys = ["services", "metrics", "severities", "kinds", "labels"];
    private static readonly string[] s_stepKeys = ["name", "action", "with", "timeout", "retries", "on_failure", "requires_approval", "risk", "idempotent"];
    private static readonly string[] s_retryKeys = ["count", "backoff", "max_backoff", "jitter", "retry_when"];
    private static readonly string[] s_guardKeys = ["max_runs_per_hour", "cooldown", "max_concurrent_per_target", "target", "maintenance_windows", "dry_run", "approval_timeout", "escalate_to"];
    private static readonly string[] s_windowKeys = ["start", "end", "days", "from", "to"];
    private static readonly string[] s_kinds = ["anomaly", "threshold", "sloBurnRate", "predictive"];
    private static readonly string[] s_severities = ["low", "medium", "high", "critical"];

    private readonly Func<string, IReadOnlyDictionary<string, string>, IReadOnlyList<string>?> _checkAction;

    /// <summary>Creates a parser; <paramref name="checkAction"/> returns an action's problems with its inputs, or null
    /// when no action has that type.</summary>
    public PlaybookParser(Func<string, IReadOnlyDictionary<string, string>, IReadOnlyList<string>?> checkAction)
    {
        ArgumentNullException.ThrowIfNull(checkAction);
        _checkAction = checkAction;
    }

    /// <summary>Parses a file's text; returns the playbook when there were no errors.</summary>
    public PlaybookDefinition? Parse(string file, string text, List<PlaybookError> errors)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var yaml = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            errors.Add(new PlaybookError(file, (int)ex.Start.Line, (int)ex.Start.Column, "invalid YAML: " + StripPosition(message)));
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (without a position) for some unterminated flow collections; the
            // error is where the last event it could read ended.
            var (line, column) = LastReadablePosition(text);
            errors.Add(new PlaybookError(file, line, column, "invalid YAML: unterminated flow sequence or mapping ('[' or '{' without its closing bracket)"));
            return null;
        }

        if (yaml.Documents.Count != 1)
        {
            errors.Add(new PlaybookError(file, 1, 1, $"a playbook file holds exactly one YAML document, not {yaml.Documents.Count}"));
            return null;
        }

        var r = new YamlReader(file, errors);
        var root = yaml.Documents[0].RootNode;
        var map = r.Mapping(root, "the playbook", s_topKeys);
        if (map is null)
        {
            return null;
        }

        var name = r.RequiredString(map, root, "name", "the playbook");
        if (name is not null && !Regex.IsMatch(name, "^[a-z0-9][a-z0-9\\-_.]*$", RegexOptions.CultureInvariant))
        {
            r.Error(map["name"], $"name '{name}' must be lower case letters, digits, '-', '_' or '.'");
        }

        var trigger = map.TryGetValue("trigger", out var t) ? Trigger(r, t) : null;
        if (trigger is null && !map.ContainsKey("trigger"))
        {
            r.Error(root, "the playbook needs 'trigger'");
        }

        var preconditions = map.TryGetValue("preconditions", out var p) ? Preconditions(r, p) : [];
        var names = new List<string>();
        var steps = map.TryGetValue("steps", out var s) ? Steps(r, s, "steps", names) : [];
        if (!map.ContainsKey("steps"))
        {
            r.Error(root, "the playbook needs 'steps'");
        }
        else if (steps.Count == 0)
        {
            r.Error(s!, "steps must list at least one step");
        }

        var rollback = map.TryGetValue("rollback", out var rb) ? Steps(r, rb, "rollback", [.. names]) : [];
        var guardrails = map.TryGetValue("guardrails", out var g) ? Guardrails(r, g) : new PlaybookGuardrails();
        if (steps.Any(x => x.OnFailure == OnFailure.Rollback) && rollback.Count == 0)
        {
            r.Error(root, "a step has on_failure: rollback but the playbook has no rollback steps");
        }

        if (errors.Count > before || name is null || trigger is null)
        {
            return null;
        }

        return new PlaybookDefinition
        {
            Name = name,
            Description = map.TryGetValue("description", out var d) ? r.String(d, "description") ?? "" : "",
            Trigger = trigger,
            Preconditions = preconditions,
            Steps = steps,
            Rollback = rollback,
            Guardrails = guardrails,
            SourceFile = file,
        };
    }

    private static (int Line, int Column) LastReadablePosition(string text)
    {
        var parser = new Parser(new StringReader(text));
        var position = (1, 1);
        try
        {
            while (parser.MoveNext())
            {
                position = ((int)parser.Current!.End.Line, (int)parser.Current.End.Column);
            }
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException)
        {
            // Expected: this is the text that failed to load.
        }

        return position;
    }

    private static string StripPosition(string message)
    {
        // YamlDotNet puts "(Line: 3, Col: 5, Idx: ...) - (...): " in front; the error carries the position already.
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        return at >= 0 ? message[(at + 3)..] : message;
    }

    private static PlaybookTrigger? Trigger(YamlReader r, YamlNode node)
    {
        var map = r.Mapping(node, "trigger", s_triggerKeys);
        if (map is null)
        {
            return null;
        }

        var severities = Listed(r, map, "severities", s_severities);
        var kinds = Listed(r, map, "kinds", s_kinds);
        var matchers = new List<Matcher>();
        if (map.TryGetValue("labels", out var labels))
        {
            foreach (var (text, item) in r.Strings(labels, "trigger.labels"))
            {
                try
                {
                    matchers.AddRange(MatcherParser.Parse(text));
                }
                catch (Exception ex) when (ex is FormatException or ArgumentException)
                {
                    r.Error(item, $"label matcher '{text}' is invalid: {ex.Message}");
                }
            }
        }

        return new PlaybookTrigger
        {
            Services = map.TryGetValue("services", out var sv) ? [.. r.Strings(sv, "trigger.services").Select(x => x.Value)] : [],
            Metrics = map.TryGetValue("metrics", out var mt) ? [.. r.Strings(mt, "trigger.metrics").Select(x => x.Value)] : [],
            Severities = severities,
            Kinds = kinds,
            Labels = matchers,
        };
    }

    private static List<string> Listed(YamlReader r, Dictionary<string, YamlNode> map, string key, string[] allowed)
    {
        var list = new List<string>();
        if (!map.TryGetValue(key, out var node))
        {
            return list;
        }

        foreach (var (value, item) in r.Strings(node, "trigger." + key))
        {
            var known = allowed.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
            if (known is null)
            {
                r.Error(item, $"'{value}' is not one of the trigger's {key}: {string.Join(", ", allowed)}");
            }
            else
            {
                list.Add(known);
            }
        }

        return list;
    }

    private static List<Precondition> Preconditions(YamlReader r, YamlNode node)
    {
        var list = new List<Precondition>();
        if (node is not YamlSequenceNode sequence)
        {
            r.Error(node, "preconditions must be a list");
            return list;
        }

        foreach (var item in sequence.Children)
        {
            var map = r.Mapping(item, "a precondition", "value", "equals", "not_equals", "matches");
            if (map is null)
            {
                continue;
            }

            var value = r.RequiredString(map, item, "value", "a precondition");
            if (value is not null)
            {
                CheckTemplate(r, map["value"], value, []);
            }

            var operators = map.Keys.Where(k => k != "value").ToList();
            if (operators.Count != 1)
            {
                r.Error(item, "a precondition needs exactly one of equals, not_equals, matches");
                continue;
            }

            var op = operators[0] switch
            {
                "equals" => PreconditionOperator.Equals,
                "not_equals" => PreconditionOperator.NotEquals,
                _ => PreconditionOperator.Matches,
            };
            var operand = r.String(map[operators[0]], operators[0]);
            if (operand is not null && op == PreconditionOperator.Matches)
            {
                CheckRegex(r, map[operators[0]], operand);
            }

            if (value is not null && operand is not null)
            {
                list.Add(new Precondition(value, op, operand));
            }
        }

        return list;
    }

    private List<StepDefinition> Steps(YamlReader r, YamlNode node, string what, List<string> names)
    {
        var list = new List<StepDefinition>();
        if (node is not YamlSequenceNode sequence)
        {
            r.Error(node, $"{what} must be a list of steps");
            return list;
        }

        foreach (var item in sequence.Children)
        {
            var map = r.Mapping(item, "a step", s_stepKeys);
            if (map is null)
            {
                continue;
            }

            var name = r.RequiredString(map, item, "name", "a step");
            var action = r.RequiredString(map, item, "action", $"step '{name}'");
            if (name is not null && names.Contains(name))
            {
                r.Error(map["name"], $"step name '{name}' is used twice; step names are unique within a playbook");
            }

            var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
            if (map.TryGetValue("with", out var with) && r.Mapping(with, $"step '{name}'.with") is { } inputMap)
            {
                foreach (var (key, value) in inputMap)
                {
                    if (value is YamlSequenceNode)
                    {
                        // A list is inputs KEY.0, KEY.1, ..., each rendered on its own (a command's argument list).
                        var items = r.Strings(value, $"input '{key}'");
                        for (var i = 0; i < items.Count; i++)
                        {
                            inputs[key + "." + i.ToString(CultureInfo.InvariantCulture)] = items[i].Value;
                            CheckTemplate(r, items[i].Node, items[i].Value, names);
                        }
                    }
                    else if (r.String(value, $"input '{key}'") is { } text)
                    {
                        inputs[key] = text;
                        CheckTemplate(r, value, text, names);
                    }
                }
            }

            if (action is not null)
            {
                var problems = _checkAction(action, inputs);
                if (problems is null)
                {
                    r.Error(map["action"], $"unknown action '{action}'");
                }
                else
                {
                    foreach (var problem in problems)
                    {
                        r.Error(map.TryGetValue("with", out var at) ? at : map["action"], $"step '{name}' ({action}): {problem}");
                    }
                }
            }

            var step = new StepDefinition
            {
                Name = name ?? "",
                Action = action ?? "",
                Inputs = inputs,
                Timeout = r.Duration(map, "timeout", StepDefinition.DefaultTimeout, TimeSpan.FromMilliseconds(1)),
                Retry = map.TryGetValue("retries", out var retries) ? Retry(r, retries) : RetryPolicy.None,
                OnFailure = r.Enum(map, "on_failure", OnFailure.Abort),
                RequiresApproval = r.Bool(map, "requires_approval", false),
                Risk = r.Enum(map, "risk", RiskLevel.Low),
                Idempotent = r.Bool(map, "idempotent", false),
            };
            list.Add(step);
            if (name is not null)
            {
                names.Add(name);
            }
        }

        return list;
    }

    private static RetryPolicy Retry(YamlReader r, YamlNode node)
    {
        var map = r.Mapping(node, "retries", s_retryKeys);
        if (map is null)
        {
            return RetryPolicy.None;
        }

        var when = new List<FailureClass>();
        if (map.TryGetValue("retry_when", out var w))
        {
            foreach (var (_, item) in r.Strings(w, "retry_when"))
            {
                if (r.Enum<FailureClass>(item, "retry_when") is { } c)
                {
                    when.Add(c);
                }
            }
        }

        var policy = new RetryPolicy
        {
            Count = r.Int(map, "count", 0, 0, 20),
            Backoff = r.Duration(map, "backoff", RetryPolicy.None.Backoff, TimeSpan.FromMilliseconds(1)),
            MaxBackoff = r.Duration(map, "max_backoff", RetryPolicy.None.MaxBackoff, TimeSpan.FromMilliseconds(1)),
            Jitter = r.Bool(map, "jitter", true),
            RetryWhen = when,
        };
        if (policy.MaxBackoff < policy.Backoff)
        {
            r.Error(node, "max_backoff must not be shorter than backoff");
        }

        return policy;
    }

    private static PlaybookGuardrails Guardrails(YamlReader r, YamlNode node)
    {
        var map = r.Mapping(node, "guardrails", s_guardKeys);
        if (map is null)
        {
            return new PlaybookGuardrails();
        }

        var target = map.TryGetValue("target", out var t) ? r.String(t, "target") : null;
        if (target is not null)
        {
            CheckTemplate(r, t!, target, []);
        }

        var windows = new List<MaintenanceWindow>();
        if (map.TryGetValue("maintenance_windows", out var w))
        {
            if (w is YamlSequenceNode sequence)
            {
                windows.AddRange(sequence.Children.Select(item => Window(r, item)).OfType<MaintenanceWindow>());
            }
            else
            {
                r.Error(w, "maintenance_windows must be a list");
            }
        }

        return new PlaybookGuardrails
        {
            MaxRunsPerHour = r.Int(map, "max_runs_per_hour", PlaybookGuardrails.DefaultMaxRunsPerHour, 0, 10_000),
            Cooldown = r.Duration(map, "cooldown", PlaybookGuardrails.DefaultCooldown, TimeSpan.Zero),
            MaxConcurrentPerTarget = r.Int(map, "max_concurrent_per_target", 1, 1, 1_000),
            Target = target ?? new PlaybookGuardrails().Target,
            MaintenanceWindows = windows,
            DryRun = r.Bool(map, "dry_run", false),
            ApprovalTimeout = r.Duration(map, "approval_timeout", PlaybookGuardrails.DefaultApprovalTimeout, TimeSpan.FromSeconds(1)),
            EscalateTo = map.TryGetValue("escalate_to", out var e) ? r.String(e, "escalate_to") : null,
        };
    }

    private static MaintenanceWindow? Window(YamlReader r, YamlNode node)
    {
        var map = r.Mapping(node, "a maintenance window", s_windowKeys);
        if (map is null)
        {
            return null;
        }

        if (map.ContainsKey("start") || map.ContainsKey("end"))
        {
            var start = Instant(r, map, node, "start");
            var end = Instant(r, map, node, "end");
            if (start is null || end is null)
            {
                return null;
            }

            if (end <= start)
            {
                r.Error(map["end"], "a maintenance window must end after it starts");
                return null;
            }

            return new MaintenanceWindow { Start = start, End = end };
        }

        var from = TimeOfDay(r, map, node, "from");
        var to = TimeOfDay(r, map, node, "to");
        var days = new List<DayOfWeek>();
        if (map.TryGetValue("days", out var d))
        {
            foreach (var (text, item) in r.Strings(d, "days"))
            {
                var day = Enum.GetValues<DayOfWeek>().FirstOrDefault(x => x.ToString().StartsWith(text, StringComparison.OrdinalIgnoreCase) && text.Length >= 3, (DayOfWeek)(-1));
                if ((int)day < 0)
                {
                    r.Error(item, $"'{text}' is not a weekday (mon, tue, ... or monday, ...)");
                }
                else
                {
                    days.Add(day);
                }
            }
        }

        return from is null || to is null ? null : new MaintenanceWindow { From = from, To = to, Days = days };
    }

    private static DateTimeOffset? Instant(YamlReader r, Dictionary<string, YamlNode> map, YamlNode owner, string key)
    {
        var text = r.RequiredString(map, owner, key, "a fixed maintenance window");
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        r.Error(map[key], $"'{text}' is not an RFC 3339 time");
        return null;
    }

    private static TimeOnly? TimeOfDay(YamlReader r, Dictionary<string, YamlNode> map, YamlNode owner, string key)
    {
        var text = r.RequiredString(map, owner, key, "a maintenance window (start/end or from/to)");
        if (text is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value;
        }

        r.Error(map[key], $"'{text}' is not a UTC time of day such as 02:30");
        return null;
    }

    private static void CheckTemplate(YamlReader r, YamlNode node, string template, IReadOnlyCollection<string> earlierSteps)
    {
        foreach (var problem in TemplateText.Problems(template, earlierSteps))
        {
            r.Error(node, problem);
        }
    }

    private static void CheckRegex(YamlReader r, YamlNode node, string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            r.Error(node, $"'{pattern}' is not a valid regular expression: {ex.Message}");
        }
    }
}
