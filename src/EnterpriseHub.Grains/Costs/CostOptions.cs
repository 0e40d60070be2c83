using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Costs.Aggregation;
using EnterpriseHub.Costs.Recommendations;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains.Costs;

/// <summary>Settings of cost tracking (section <c>Costs</c>).</summary>
public sealed class CostOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Costs";

    /// <summary>A price file (see <c>infra/prices.yml</c>); empty for the built-in defaults.</summary>
    public string? PriceFile { get; set; }

    /// <summary>Monthly budgets: <c>Costs:Budgets:&lt;service|team|cost_center&gt;:&lt;name&gt;</c> = amount.</summary>
    public Dictionary<string, Dictionary<string, double>> Budgets { get; set; } = [];

    /// <summary>Hours the budget forecast's run rate averages over.</summary>
    public int RunRateHours { get; set; } = 24;

    /// <summary>Hours of cost history the anomaly ensemble needs before it flags anything.</summary>
    public int AnomalyWarmupHours { get; set; } = 48;

    /// <summary>How long after an hour ends late usage may still arrive before the hour is fed to anomaly detection.</summary>
    public TimeSpan HourCloseGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Default <see cref="CheckpointInterval"/>.</summary>
    public static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromMinutes(1);

    /// <summary>How often a cost grain whose usage changed writes its state (on the next usage after the interval,
    /// and on deactivation). A service's state is its hourly buckets for 61 days, about 200 KB per resource, so
    /// writing it every few seconds would cost more than the minute of usage a crash could lose.</summary>
    public TimeSpan CheckpointInterval { get; set; } = DefaultCheckpointInterval;

    /// <summary>Default <see cref="SummaryRefreshInterval"/>.</summary>
    public static readonly TimeSpan DefaultSummaryRefreshInterval = TimeSpan.FromSeconds(5);

    /// <summary>How old a cost summary or the recommendation list may get before a request has it worked out again
    /// (zero: every request). New usage shows in them at most this late.</summary>
    public TimeSpan SummaryRefreshInterval { get; set; } = DefaultSummaryRefreshInterval;

    /// <summary>How often a firing budget or anomaly alert is sent again so the router does not time it out.</summary>
    public TimeSpan AlertRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Rightsizing settings.</summary>
    public RightsizingSettings Rightsizing { get; set; } = new();

    /// <summary>Idle detection settings.</summary>
    public IdleSettings Idle { get; set; } = new();

    /// <summary>API caching and batching thresholds.</summary>
    public ApiUsageThresholds Api { get; set; } = new();

    /// <summary>Resources whose usage is API calls, for the caching and batching advice.</summary>
    public List<string> ApiResources { get; set; } = ["api_calls", "llm_tokens"];

    /// <summary>Commitment levels are simulated in steps of this many units.</summary>
    public double CommitmentStep { get; set; } = 1;

    /// <summary>Units of each resource one replica holds, per service: <c>Costs:ReplicaShapes:checkout:cpu_cores = 0.5</c>.</summary>
    public Dictionary<string, Dictionary<string, double>> ReplicaShapes { get; set; } = [];

    /// <summary>The shape of a replica of a service not listed in <see cref="ReplicaShapes"/>.</summary>
    public Dictionary<string, double> DefaultReplicaShape { get; set; } = new() { ["cpu_cores"] = 0.5, ["memory_gb"] = 1 };

    /// <summary>The budget of <paramref name="dimension"/>/<paramref name="name"/>, if configured.</summary>
    public double? BudgetFor(string dimension, string name) =>
        Budgets.TryGetValue(dimension, out var byName) && byName.TryGetValue(name, out var amount) ? amount : null;
}

/// <summary>Rightsizing settings.</summary>
public sealed class RightsizingSettings
{
    /// <summary>Days of usage the p95 is taken over.</summary>
    public int WindowDays { get; set; } = 14;

    /// <summary>Target utilisation of the recommended size.</summary>
    public double TargetUtilisation { get; set; } = EnterpriseHub.Costs.Recommendations.Rightsizing.DefaultTargetUtilisation;

    /// <summary>Recommendations saving less than this per month are not shown.</summary>
    public double MinMonthlySavings { get; set; } = 1;

    /// <summary>Auto-apply needs at least this confidence (and low risk).</summary>
    public double AutoApplyConfidence { get; set; } = 0.9;
}

/// <summary>Idle detection settings.</summary>
public sealed class IdleSettings
{
    /// <summary>The resource whose utilisation decides (its used metric over its provisioned level).</summary>
    public string Resource { get; set; } = "cpu_cores";

    /// <summary>Days every hour must stay at or below <see cref="MaxPercent"/>.</summary>
    public int Days { get; set; } = IdleDetection.DefaultWindowDays;

    /// <summary>Highest peak utilisation (percent) an idle hour may have.</summary>
    public double MaxPercent { get; set; } = IdleDetection.DefaultMaxPercent;

    /// <summary>Share of the window's hours that must have data.</summary>
    public double MinCoverage { get; set; } = IdleDetection.DefaultMinCoverage;
}

/// <summary>Rejects cost settings that cannot work, naming each offending key, so the silo does not start on them
/// (a misspelt budget dimension would otherwise never alert, a zero HPA or utilisation target would fail requests).</summary>
public sealed class CostOptionsValidator : IValidateOptions<CostOptions>
{
    private const int RetentionDays = ResourceLedger.RetentionHours / 24;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, CostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new SettingFailures();
        const string S = CostOptions.SectionName;
        failures.Require(options.RunRateHours is >= 1 and <= ResourceLedger.RetentionHours,
            $"{S}:RunRateHours must be between 1 and {ResourceLedger.RetentionHours} (the hours kept), not {options.RunRateHours}.");
        failures.Require(options.AnomalyWarmupHours >= 0, $"{S}:AnomalyWarmupHours must not be negative, not {options.AnomalyWarmupHours}.");
        failures.Require(options.HourCloseGrace >= TimeSpan.Zero, $"{S}:HourCloseGrace must not be negative, not {options.HourCloseGrace}.");
        failures.Require(options.CheckpointInterval > TimeSpan.Zero, $"{S}:CheckpointInterval must be positive, not {options.CheckpointInterval}.");
        failures.Require(options.SummaryRefreshInterval >= TimeSpan.Zero, $"{S}:SummaryRefreshInterval must not be negative, not {options.SummaryRefreshInterval}.");
        failures.Require(options.AlertRefreshInterval > TimeSpan.Zero, $"{S}:AlertRefreshInterval must be positive, not {options.AlertRefreshInterval}.");
        failures.Require(options.CommitmentStep > 0 && double.IsFinite(options.CommitmentStep), $"{S}:CommitmentStep must be positive, not {options.CommitmentStep}.");
        foreach (var (dimension, budgets) in options.Budgets)
        {
            failures.Require(CostKeys.ParseDimension(dimension) is not null, $"{S}:Budgets:{dimension}: the dimension must be service, team or cost_center.");
            foreach (var (owner, amount) in budgets)
            {
                failures.Require(amount >= 0 && double.IsFinite(amount), $"{S}:Budgets:{dimension}:{owner} must be a non-negative amount, not {amount}.");
            }
        }

        var rightsizing = options.Rightsizing;
        failures.Require(rightsizing.WindowDays is >= 1 and <= RetentionDays, $"{S}:Rightsizing:WindowDays must be between 1 and {RetentionDays}, not {rightsizing.WindowDays}.");
        failures.Require(rightsizing.TargetUtilisation is > 0 and <= 1, $"{S}:Rightsizing:TargetUtilisation must be in (0, 1], not {rightsizing.TargetUtilisation}.");
        failures.Require(rightsizing.MinMonthlySavings >= 0, $"{S}:Rightsizing:MinMonthlySavings must not be negative, not {rightsizing.MinMonthlySavings}.");
        failures.Require(rightsizing.AutoApplyConfidence is >= 0 and <= 1, $"{S}:Rightsizing:AutoApplyConfidence must be in [0, 1], not {rightsizing.AutoApplyConfidence}.");

        var idle = options.Idle;
        failures.Require(!string.IsNullOrWhiteSpace(idle.Resource), $"{S}:Idle:Resource must name a resource.");
        failures.Require(idle.Days is >= 1 and <= RetentionDays, $"{S}:Idle:Days must be between 1 and {RetentionDays}, not {idle.Days}.");
        failures.Require(idle.MaxPercent is >= 0 and <= 100, $"{S}:Idle:MaxPercent must be in [0, 100], not {idle.MaxPercent}.");
        failures.Require(idle.MinCoverage is > 0 and <= 1, $"{S}:Idle:MinCoverage must be in (0, 1], not {idle.MinCoverage}.");

        var api = options.Api;
        failures.Require(api.CacheMinCallsPerHour >= 0 && api.BatchMinCallsPerHour >= 0,
            $"{S}:Api:CacheMinCallsPerHour and {S}:Api:BatchMinCallsPerHour must not be negative.");
        failures.Require(api.CacheMinRepeatRatio is >= 0 and <= 1, $"{S}:Api:CacheMinRepeatRatio must be in [0, 1], not {api.CacheMinRepeatRatio}.");
        failures.Require(api.BatchSize >= 1, $"{S}:Api:BatchSize must be at least 1, not {api.BatchSize}.");
        failures.Require(options.ApiResources.TrueForAll(r => !string.IsNullOrWhiteSpace(r)), $"{S}:ApiResources must not hold an empty name.");

        void RequireUnits(string key, Dictionary<string, double> shape)
        {
            foreach (var (resource, units) in shape)
            {
                failures.Require(units >= 0 && double.IsFinite(units), $"{key}:{resource} must be a non-negative number of units, not {units}.");
            }
        }

        foreach (var (service, shape) in options.ReplicaShapes)
        {
            RequireUnits($"{S}:ReplicaShapes:{service}", shape);
        }

        RequireUnits($"{S}:DefaultReplicaShape", options.DefaultReplicaShape);

        return failures.Result;
    }
}
