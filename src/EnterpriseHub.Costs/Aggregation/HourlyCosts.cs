namespace EnterpriseHub.Costs.Aggregation;

/// <summary>
/// Cost per hour per member (a resource, or a service reporting to its team or cost center). Values are absolute
/// and set, never added, so a repeated report of an hour is idempotent.
/// </summary>
public sealed class HourlyCosts
{
    private readonly SortedDictionary<long, Dictionary<string, double>> _hours = [];

    /// <summary>Hours with any cost, oldest first.</summary>
    public IEnumerable<long> Hours => _hours.Keys;

    /// <summary>Sets the cost of <paramref name="member"/> in <paramref name="hour"/>.</summary>
    public void Set(long hour, string member, double cost)
    {
        if (!_hours.TryGetValue(hour, out var members))
        {
            members = new Dictionary<string, double>(StringComparer.Ordinal);
            _hours[hour] = members;
        }

        members[member] = cost;
    }

    /// <summary>The members' costs in <paramref name="hour"/> (empty when none).</summary>
    public IReadOnlyDictionary<string, double> Members(long hour) =>
        _hours.TryGetValue(hour, out var members) ? members : new Dictionary<string, double>();

    /// <summary>The total cost of <paramref name="hour"/>.</summary>
    public double Total(long hour)
    {
        double total = 0;
        if (_hours.TryGetValue(hour, out var members))
        {
            foreach (var cost in members.Values)
            {
                total += cost;
            }
        }

        return total;
    }

    /// <summary>Drops hours before <paramref name="oldest"/>.</summary>
    public void TrimBefore(long oldest)
    {
        while (_hours.Count > 0 && _hours.Keys.First() < oldest)
        {
            _hours.Remove(_hours.Keys.First());
        }
    }

    /// <summary>Sums, rates and trend over hours <c>[from, to)</c>.</summary>
    public CostWindow Window(long from, long to)
    {
        double total = 0;
        long first = long.MaxValue, last = long.MinValue;
        var byMember = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var (hour, members) in _hours)
        {
            if (hour < from || hour >= to)
            {
                continue;
            }

            first = Math.Min(first, hour);
            last = Math.Max(last, hour);
            foreach (var (member, cost) in members)
            {
                total += cost;
                byMember[member] = byMember.GetValueOrDefault(member) + cost;
            }
        }

        if (first == long.MaxValue)
        {
            return new CostWindow(from, to, 0, 0, 0, 0, byMember);
        }

        var observed = (int)(last - first + 1);
        var series = new double[observed];
        for (var h = first; h <= last; h++)
        {
            series[h - first] = Total(h);
        }

        return new CostWindow(from, to, total, observed, total / observed, LeastSquares.Slope(series) * 24, byMember);
    }

    /// <summary>Captures the table for storage: hour → member → cost.</summary>
    public Dictionary<long, Dictionary<string, double>> Snapshot() =>
        _hours.ToDictionary(h => h.Key, h => new Dictionary<string, double>(h.Value, StringComparer.Ordinal));

    /// <summary>Rebuilds a table from <see cref="Snapshot"/>.</summary>
    public static HourlyCosts Restore(Dictionary<long, Dictionary<string, double>>? snapshot)
    {
        var table = new HourlyCosts();
        foreach (var (hour, members) in snapshot ?? [])
        {
            foreach (var (member, cost) in members)
            {
                table.Set(hour, member, cost);
            }
        }

        return table;
    }
}
