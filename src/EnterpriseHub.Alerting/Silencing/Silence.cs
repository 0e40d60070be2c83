using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Matching;

namespace EnterpriseHub.Alerting.Silencing;

/// <summary>A silence with its matchers compiled: it mutes the alerts all its matchers match while it is active
/// (from <c>startsAt</c>, inclusive, to <c>endsAt</c>, exclusive).</summary>
public sealed class Silence
{
    private Silence(SilenceRecord record, IReadOnlyList<Matcher> matchers)
    {
        Record = record;
        Matchers = matchers;
    }

    /// <summary>The stored form.</summary>
    public SilenceRecord Record { get; }

    /// <summary>Its id.</summary>
    public string Id => Record.Id;

    /// <summary>Its compiled matchers.</summary>
    public IReadOnlyList<Matcher> Matchers { get; }

    /// <summary>Compiles <paramref name="record"/>; throws <see cref="FormatException"/> for an invalid matcher.</summary>
    public static Silence From(SilenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new Silence(record, Compile(record.Matchers));
    }

    /// <summary>Compiles API matchers into label matchers.</summary>
    public static IReadOnlyList<Matcher> Compile(IReadOnlyList<SilenceMatcher> matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var compiled = new Matcher[matchers.Count];
        for (var i = 0; i < matchers.Count; i++)
        {
            var m = matchers[i];
            var type = (m.IsRegex, m.IsEqual) switch
            {
                (false, true) => MatchOperator.Equal,
                (false, false) => MatchOperator.NotEqual,
                (true, true) => MatchOperator.Regex,
                _ => MatchOperator.NotRegex,
            };
            compiled[i] = new Matcher(m.Name ?? "", type, m.Value ?? "");
        }

        return compiled;
    }

    /// <summary>Its state at <paramref name="now"/>.</summary>
    public SilenceState StatusAt(DateTimeOffset now) => StatusOf(Record, now);

    /// <summary>The state of <paramref name="record"/> at <paramref name="now"/>.</summary>
    public static SilenceState StatusOf(SilenceRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return now < record.StartsAt ? SilenceState.Pending : now < record.EndsAt ? SilenceState.Active : SilenceState.Expired;
    }

    /// <summary>Whether it mutes an alert with <paramref name="labels"/> at <paramref name="now"/>.</summary>
    public bool Mutes(IReadOnlyDictionary<string, string> labels, DateTimeOffset now) =>
        StatusAt(now) == SilenceState.Active && Matcher.All(Matchers, labels);

    /// <summary>The record with its status as of <paramref name="now"/>.</summary>
    public SilenceRecord ViewAt(DateTimeOffset now) => Record with { Status = StatusAt(now) };
}
