namespace EnterpriseHub.Costs.Budgets;

/// <summary>The member whose cost moved most in an anomalous hour.</summary>
/// <param name="Member">The resource (for a service) or service (for a team or cost center).</param>
/// <param name="Cost">Its cost in the anomalous hour.</param>
/// <param name="Baseline">Its mean hourly cost over the reference hours.</param>
public sealed record CostMover(string Member, double Cost, double Baseline)
{
    /// <summary>Cost − baseline.</summary>
    public double Delta => Cost - Baseline;
}

/// <summary>
/// Attributes a change of total cost to the dimension that moved: the member with the largest absolute difference
/// between its cost in the hour and its mean over the reference hours (members absent from an hour count as zero).
/// The differences sum to the total's difference, so the largest one is the biggest contributor to the anomaly.
/// </summary>
public static class AnomalyAttribution
{
    /// <summary>The biggest mover of <paramref name="hour"/> against <paramref name="reference"/>; null when no member cost anything.</summary>
    public static CostMover? Mover(IReadOnlyDictionary<string, double> hour, IReadOnlyList<IReadOnlyDictionary<string, double>> reference)
    {
        ArgumentNullException.ThrowIfNull(hour);
        ArgumentNullException.ThrowIfNull(reference);
        var members = new SortedSet<string>(hour.Keys, StringComparer.Ordinal);
        foreach (var r in reference)
        {
            members.UnionWith(r.Keys);
        }

        CostMover? best = null;
        foreach (var member in members)
        {
            double baseline = 0;
            foreach (var r in reference)
            {
                baseline += r.GetValueOrDefault(member);
            }

            baseline = reference.Count == 0 ? 0 : baseline / reference.Count;
            var mover = new CostMover(member, hour.GetValueOrDefault(member), baseline);
            if (best is null || Math.Abs(mover.Delta) > Math.Abs(best.Delta))
            {
                best = mover;
            }
        }

        return best;
    }
}
