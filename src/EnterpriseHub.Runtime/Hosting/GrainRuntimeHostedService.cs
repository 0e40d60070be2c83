using EnterpriseHub.Runtime.Scheduling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Runtime.Hosting;

/// <summary>Starts the runtime with the host and, on shutdown, deactivates every activation so state is persisted.</summary>
internal sealed class GrainRuntimeHostedService(GrainRuntime runtime, ILogger<GrainRuntimeHostedService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        runtime.Start();
        logger.LogInformation("Grain runtime started on silo {Silo}", runtime.SiloAddress);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var count = runtime.ActivationCount;
        await runtime.StopAsync(cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Grain runtime stopped; {Count} activations deactivated", count);
    }
}
