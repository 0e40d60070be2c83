using EnterpriseHub.Alerting.Matching;

namespace EnterpriseHub.Alerting.Routing;

/// <summary>
/// A node of the routing tree, with Alertmanager's semantics: an alert enters a node when the node's matchers all
/// match; it then descends into the first matching child (and, while a matching child has <see cref="Continue"/>
/// set, into later siblings too); a node none of whose children match takes the alert itself. Children inherit
/// the receiver, grouping and timing they do not set (the configuration loader resolves that).
/// </summary>
public sealed class Route
{
    /// <summary>Alertmanager's default wait before a new group's first notification.</summary>
    public static readonly TimeSpan DefaultGroupWait = TimeSpan.FromSeconds(30);

    /// <summary>Alertmanager's default wait between notifications of changes to a group.</summary>
    public static readonly TimeSpan DefaultGroupInterval = TimeSpan.FromMinutes(5);

    /// <summary>Alertmanager's default wait before a notification that changes nothing is sent again.</summary>
    public static readonly TimeSpan DefaultRepeatInterval = TimeSpan.FromHours(4);

    private readonly List<Route> _routes = [];

    /// <summary>Creates a node; add children with <see cref="Add"/>.</summary>
    public Route(
        string receiver,
        IReadOnlyList<Matcher>? matchers = null,
        IReadOnlyList<string>? groupBy = null,
        bool groupByAll = false,
        bool @continue = false,
        TimeSpan? groupWait = null,
        TimeSpan? groupInterval = null,
        TimeSpan? repeatInterval = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiver);
        Receiver = receiver;
        Matchers = matchers ?? [];
        GroupBy = groupBy ?? [];
        GroupByAll = groupByAll;
        Continue = @continue;
        GroupWait = groupWait ?? DefaultGroupWait;
        GroupInterval = groupInterval ?? DefaultGroupInterval;
        RepeatInterval = repeatInterval ?? DefaultRepeatInterval;
        Key = "{}";
        Id = "{}";
    }

    /// <summary>The receiver that gets this node's groups.</summary>
    public string Receiver { get; }

    /// <summary>All must match for an alert to enter this node.</summary>
    public IReadOnlyList<Matcher> Matchers { get; }

    /// <summary>The labels that split alerts into groups.</summary>
    public IReadOnlyList<string> GroupBy { get; }

    /// <summary>True for <c>group_by: ['...']</c>: every label splits, so each alert is its own group.</summary>
    public bool GroupByAll { get; }

    /// <summary>Whether matching goes on to later siblings after this node matched.</summary>
    public bool Continue { get; }

    /// <summary>Wait before a new group's first notification.</summary>
    public TimeSpan GroupWait { get; }

    /// <summary>Wait between notifications about changes to a group.</summary>
    public TimeSpan GroupInterval { get; }

    /// <summary>Wait before re-sending a notification that changes nothing.</summary>
    public TimeSpan RepeatInterval { get; }

    /// <summary>The children, in order.</summary>
    public IReadOnlyList<Route> Routes => _routes;

    /// <summary>The path of matchers from the root, as Alertmanager writes it in group keys: <c>{}/{service="api"}</c>.</summary>
    public string Key { get; private set; }

    /// <summary>Like <see cref="Key"/> but with each node's index among its siblings, so two siblings with equal
    /// matchers still keep their groups apart.</summary>
    public string Id { get; private set; }

    /// <summary>Adds a child (after the existing ones) and returns it.</summary>
    public Route Add(Route child)
    {
        ArgumentNullException.ThrowIfNull(child);
        child.Key = Key + "/{" + string.Join(",", child.Matchers.Select(m => m.ToString())) + "}";
        child.Id = Id + "/" + _routes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + child.Key[Key.Length..];
        _routes.Add(child);
        child.RekeyChildren();
        return child;
    }

    /// <summary>The nodes that take an alert with <paramref name="labels"/>; empty when this node does not match.</summary>
    public IReadOnlyList<Route> Match(IReadOnlyDictionary<string, string> labels)
    {
        if (!Matcher.All(Matchers, labels))
        {
            return [];
        }

        List<Route>? taken = null;
        foreach (var child in _routes)
        {
            var matches = child.Match(labels);
            if (matches.Count == 0)
            {
                continue;
            }

            (taken ??= []).AddRange(matches);
            if (!child.Continue)
            {
                break;
            }
        }

        return taken is null ? [this] : taken;
    }

    /// <summary>The labels of <paramref name="labels"/> that this node groups by (absent ones are left out).</summary>
    public Dictionary<string, string> GroupLabels(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (GroupByAll)
        {
            return new Dictionary<string, string>(labels, StringComparer.Ordinal);
        }

        var group = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in GroupBy)
        {
            if (labels.TryGetValue(name, out var value) && value.Length > 0)
            {
                group[name] = value;
            }
        }

        return group;
    }

    private void RekeyChildren()
    {
        var children = _routes.ToArray();
        _routes.Clear();
        foreach (var child in children)
        {
            Add(child);
        }
    }
}
