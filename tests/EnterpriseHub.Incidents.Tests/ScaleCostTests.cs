using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Incidents.Actions;

namespace EnterpriseHub.Incidents.Tests;

public sealed class ScaleCostTests
{
    /// <summary>Two cores per replica at 0.04 a core-hour: 0.08 per replica-hour.</summary>
    private sealed class FixedPrices : ICostEstimator
    {
        public string Currency => "USD";

        public double HourlyDelta(string service, string resource, int fromReplicas, int toReplicas) => (toReplicas - fromReplicas) * 0.08;

        public double HourlyDelta(string service, int fromReplicas, int toReplicas) => HourlyDelta(service, "cpu_cores", fromReplicas, toReplicas);
    }

    [Fact]
    public async Task A_scaling_step_shows_its_hourly_cost_before_approval_and_reports_it_after_running()
    {
        var scaler = new SimulatedScaler();
        var action = new ScaleAction(scaler, new FixedPrices());
        var inputs = new Dictionary<string, string> { ["target"] = "checkout", ["delta"] = "3" };

        var estimate = await action.EstimateAsync(inputs, CancellationToken.None);

        // The simulated scaler starts every target at 2 replicas: 2 → 5 is 3 × 0.08 = 0.24 an hour.
        Assert.NotNull(estimate);
        Assert.Equal(new ScaleEstimate("checkout", 2, 5, 0.24, "USD"), estimate with { CostDeltaPerHour = Math.Round(estimate.CostDeltaPerHour!.Value, 6) });
        Assert.Equal("checkout: 2 → 5 replicas, +0.24 USD/h", estimate.ToString());

        var alert = new Alert { Fingerprint = "f", Name = "a", Kind = AlertKind.Anomaly, Severity = AlertSeverity.High, Confidence = 1, Labels = new Dictionary<string, string>(), Summary = "s", StartsAt = DateTimeOffset.UnixEpoch, State = AlertState.Firing };
        var result = await action.ExecuteAsync(new ActionRequest("inc-1", "pb", "scale-out", inputs, alert, 1), CancellationToken.None);

        Assert.True(result.Succeeded);
        Assert.Equal("2", result.Outputs["before"]);
        Assert.Equal("5", result.Outputs["after"]);
        Assert.Equal("0.24", result.Outputs["cost_delta_per_hour"]);
        Assert.Equal("USD", result.Outputs["currency"]);
        Assert.Equal(5, scaler.Replicas("checkout"));
    }
}
