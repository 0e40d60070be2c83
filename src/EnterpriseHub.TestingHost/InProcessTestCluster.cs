using System.Reflection;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Hosting;
using EnterpriseHub.Runtime.Scheduling;
using EnterpriseHub.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.TestingHost;

/// <summary>Settings of an <see cref="InProcessTestCluster"/>.</summary>
public sealed class InProcessTestClusterOptions
{
    /// <summary>Assemblies whose grains the silo hosts.</summary>
    public List<Assembly> GrainAssemblies { get; } = [];

    /// <summary>The clock; a <see cref="ManualTimeProvider"/> makes timers and collection step-wise.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Runtime settings.</summary>
    public Action<GrainRuntimeOptions>? ConfigureRuntime { get; set; }

    /// <summary>Extra services (filters, storage providers, grain dependencies). A memory storage is registered as
    /// the default unless this registers one under <see cref="GrainStorageNames.Default"/>.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}

/// <summary>
/// A silo in the test process, in the spirit of Orleans' InProcessTestCluster: a generic host with the grain
/// runtime and in-memory storage, and a client to call grains.
/// </summary>
public sealed class InProcessTestCluster : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private InProcessTestCluster(IHost host)
    {
        _host = host;
    }

    /// <summary>Calls grains.</summary>
    public IGrainFactory Client => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The silo's runtime.</summary>
    public GrainRuntime Runtime => _host.Services.GetRequiredService<GrainRuntime>();

    /// <summary>The silo's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The default grain storage.</summary>
    public IGrainStorage Storage => _host.Services.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);

    /// <summary>Builds and starts a single-silo cluster.</summary>
    public static async Task<InProcessTestCluster> StartAsync(Action<InProcessTestClusterOptions> configure, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new InProcessTestClusterOptions();
        configure(options);

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options.TimeProvider);
        builder.Services.AddGrainRuntime(options.ConfigureRuntime);
        foreach (var assembly in options.GrainAssemblies)
        {
            builder.Services.AddGrains(assembly);
        }

        options.ConfigureServices?.Invoke(builder.Services);
        if (!builder.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, GrainStorageNames.Default) && d.ServiceType == typeof(IGrainStorage)))
        {
            builder.Services.AddKeyedSingleton<IGrainStorage>(GrainStorageNames.Default, new MemoryGrainStorage());
        }

        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new InProcessTestCluster(host);
    }

    /// <summary>Stops the silo gracefully: every activation deactivates and persists.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _host.StopAsync().ConfigureAwait(false);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
            }

            await Task.Delay(5).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
    }
}
