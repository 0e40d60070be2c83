using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Costs.Tests.Grains;

/// <summary>Usage series as the sample sink hands them to a service's cost grain.</summary>
public static class Usage
{
    /// <summary>One sample of <paramref name="metric"/> for <paramref name="service"/>; <paramref name="instance"/>
    /// tells series of the same metric apart (e.g. pods), as labels do in a series id.</summary>
    public static UsageSeries Of(string service, string metric, DateTimeOffset at, double value, string team = "team", string costCenter = "cc", string instance = "") =>
        new($"{service}:{metric}{{{(instance.Length == 0 ? "" : $"pod=\"{instance}\"")}}}", metric, team, costCenter, [new Sample(at.ToUnixTimeMilliseconds(), value)]);
}
