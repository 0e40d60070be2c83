namespace EnterpriseHub.Abstractions.Costs;

/// <summary>
/// Prices a change of replica count, for playbook actions that scale: they report the delta per hour and show it
/// when they ask for approval. Registered as a singleton in the silo's services.
/// </summary>
public interface ICostEstimator
{
    /// <summary>The currency of the amounts.</summary>
    string Currency { get; }

    /// <summary>The change in hourly cost of one resource (e.g. <c>cpu_cores</c>) when <paramref name="service"/> goes
    /// from <paramref name="fromReplicas"/> to <paramref name="toReplicas"/>: (to − from) × units per replica × price
    /// per unit-hour. Negative when scaling in; 0 for resources not priced per unit-hour.</summary>
    double HourlyDelta(string service, string resource, int fromReplicas, int toReplicas);

    /// <summary>The same summed over every resource of the service's replica shape.</summary>
    double HourlyDelta(string service, int fromReplicas, int toReplicas);
}
