using EnterpriseHub.Grains.Capacity;
using EnterpriseHub.Grains.Costs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Costs.Tests.Configuration;

/// <summary>The <c>Costs</c> and <c>Capacity</c> sections as an operator writes them (bound from configuration keys),
/// checked by their validators: every setting that cannot work is named with its key.</summary>
public sealed class SettingsValidationTests
{
    [Fact]
    public void The_defaults_and_a_full_valid_section_pass()
    {
        Assert.True(ValidateCosts([]).Succeeded);
        Assert.True(ValidateCapacity([]).Succeeded);
        Assert.True(ValidateCosts([
            ("Costs:Budgets:team:payments", "1200"), ("Costs:Budgets:service:checkout", "0"),
            ("Costs:ReplicaShapes:checkout:cpu_cores", "2"), ("Costs:RunRateHours", "1464"), ("Costs:HourCloseGrace", "00:00:00"),
            ("Costs:SummaryRefreshInterval", "00:00:00"),
        ]).Succeeded);
        Assert.True(ValidateCapacity([
            ("Capacity:Scaling:checkout:Target", "60"), ("Capacity:Scaling:checkout:LeadSteps", "0"), ("Capacity:RefreshInterval", "00:00:00"),
            ("Capacity:Benchmarks:checkout:0:Metric", "latency_p99_ms"), ("Capacity:Benchmarks:checkout:0:Target", "250"),
        ]).Succeeded);
    }

    [Theory]
    [InlineData("Costs:RunRateHours", "0", "Costs:RunRateHours must be between 1 and 1464 (the hours kept), not 0.")]
    [InlineData("Costs:RunRateHours", "1465", "Costs:RunRateHours must be between 1 and 1464 (the hours kept), not 1465.")]
    [InlineData("Costs:AnomalyWarmupHours", "-1", "Costs:AnomalyWarmupHours must not be negative, not -1.")]
    [InlineData("Costs:HourCloseGrace", "-00:01:00", "Costs:HourCloseGrace must not be negative, not -00:01:00.")]
    [InlineData("Costs:CheckpointInterval", "00:00:00", "Costs:CheckpointInterval must be positive, not 00:00:00.")]
    [InlineData("Costs:SummaryRefreshInterval", "-00:00:01", "Costs:SummaryRefreshInterval must not be negative, not -00:00:01.")]
    [InlineData("Costs:AlertRefreshInterval", "00:00:00", "Costs:AlertRefreshInterval must be positive, not 00:00:00.")]
    [InlineData("Costs:CommitmentStep", "0", "Costs:CommitmentStep must be positive, not 0.")]
    [InlineData("Costs:Budgets:teams:payments", "100", "Costs:Budgets:teams: the dimension must be service, team or cost_center.")]
    [InlineData("Costs:Budgets:team:payments", "-5", "Costs:Budgets:team:payments must be a non-negative amount, not -5.")]
    [InlineData("Costs:Rightsizing:WindowDays", "62", "Costs:Rightsizing:WindowDays must be between 1 and 61, not 62.")]
    [InlineData("Costs:Rightsizing:TargetUtilisation", "70", "Costs:Rightsizing:TargetUtilisation must be in (0, 1], not 70.")]
    [InlineData("Costs:Rightsizing:MinMonthlySavings", "-1", "Costs:Rightsizing:MinMonthlySavings must not be negative, not -1.")]
    [InlineData("Costs:Rightsizing:AutoApplyConfidence", "1.5", "Costs:Rightsizing:AutoApplyConfidence must be in [0, 1], not 1.5.")]
    [InlineData("Costs:Idle:Resource", " ", "Costs:Idle:Resource must name a resource.")]
    [InlineData("Costs:Idle:Days", "0", "Costs:Idle:Days must be between 1 and 61, not 0.")]
    [InlineData("Costs:Idle:MaxPercent", "101", "Costs:Idle:MaxPercent must be in [0, 100], not 101.")]
    [InlineData("Costs:Idle:MinCoverage", "0", "Costs:Idle:MinCoverage must be in (0, 1], not 0.")]
    [InlineData("Costs:Api:BatchMinCallsPerHour", "-1", "Costs:Api:CacheMinCallsPerHour and Costs:Api:BatchMinCallsPerHour must not be negative.")]
    [InlineData("Costs:Api:CacheMinRepeatRatio", "2", "Costs:Api:CacheMinRepeatRatio must be in [0, 1], not 2.")]
    [InlineData("Costs:Api:BatchSize", "0", "Costs:Api:BatchSize must be at least 1, not 0.")]
    [InlineData("Costs:ApiResources:2", " ", "Costs:ApiResources must not hold an empty name.")]
    [InlineData("Costs:ReplicaShapes:checkout:cpu_cores", "-0.5", "Costs:ReplicaShapes:checkout:cpu_cores must be a non-negative number of units, not -0.5.")]
    [InlineData("Costs:DefaultReplicaShape:memory_gb", "NaN", "Costs:DefaultReplicaShape:memory_gb must be a non-negative number of units, not NaN.")]
    [InlineData("Capacity:Horizon", "00:00:00", "Capacity:Horizon must be positive, not 00:00:00.")]
    [InlineData("Capacity:RefreshInterval", "-00:00:01", "Capacity:RefreshInterval must not be negative, not -00:00:01.")]
    [InlineData("Capacity:Benchmarks:checkout:0:Target", "250", "Capacity:Benchmarks:checkout:0:Metric must name a metric.")]
    [InlineData("Capacity:Scaling:checkout:Target", "0", "Capacity:Scaling:checkout:Target must be positive, not 0.")]
    [InlineData("Capacity:Scaling:checkout:Metric", "", "Capacity:Scaling:checkout:Metric must name a metric.")]
    [InlineData("Capacity:Scaling:checkout:ReplicasMetric", "", "Capacity:Scaling:checkout:ReplicasMetric must name a metric.")]
    [InlineData("Capacity:Scaling:checkout:LeadSteps", "10001", "Capacity:Scaling:checkout:LeadSteps must be between 0 and 10000, not 10001.")]
    public void A_setting_that_cannot_work_is_named(string key, string value, string expected)
    {
        var result = key.StartsWith(CostOptions.SectionName + ":", StringComparison.Ordinal) ? ValidateCosts([(key, value)]) : ValidateCapacity([(key, value)]);
        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }

    [Fact]
    public void Every_offending_setting_is_reported_not_only_the_first()
    {
        var result = ValidateCapacity([("Capacity:Scaling:checkout:Target", "-1"), ("Capacity:Scaling:search:LeadSteps", "-1"), ("Capacity:Horizon", "-1.00:00:00")]);
        Assert.Equal(
            [
                "Capacity:Horizon must be positive, not -1.00:00:00.",
                "Capacity:Scaling:checkout:Target must be positive, not -1.",
                "Capacity:Scaling:search:LeadSteps must be between 0 and 10000, not -1.",
            ],
            result.Failures);
    }

    private static ValidateOptionsResult ValidateCosts((string Key, string Value)[] settings) =>
        new CostOptionsValidator().Validate(null, Bind<CostOptions>(CostOptions.SectionName, settings));

    private static ValidateOptionsResult ValidateCapacity((string Key, string Value)[] settings) =>
        new CapacityOptionsValidator().Validate(null, Bind<CapacityOptions>(CapacityOptions.SectionName, settings));

    private static T Bind<T>(string section, (string Key, string Value)[] settings)
        where T : new()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build();
        var options = new T();
        configuration.GetSection(section).Bind(options);
        return options;
    }
}
