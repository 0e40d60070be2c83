using EnterpriseHub.Abstractions.Diagnostics;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Scheduling;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EnterpriseHub.Silo.Hosting;

/// <summary>Ready when the runtime runs and a grain turn can read from storage.</summary>
public sealed class RuntimeReadinessCheck(GrainRuntime runtime, IGrainFactory grains) : IHealthCheck
{
    /// <summary>The probe the check reads; it is never written by the check.</summary>
    public const string ProbeName = "readiness";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!runtime.IsRunning)
        {
            return HealthCheckResult.Unhealthy("The grain runtime is not running.");
        }

        try
        {
            await grains.GetGrain<IProbeGrain>(ProbeName).Read().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{runtime.ActivationCount} activations");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("A grain could not read its state from storage.", ex);
        }
    }
}
