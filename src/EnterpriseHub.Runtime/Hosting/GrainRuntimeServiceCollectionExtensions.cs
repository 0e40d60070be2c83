using System.Reflection;
using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Placement;
using EnterpriseHub.Runtime.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Runtime.Hosting;

/// <summary>Registers the grain runtime with the .NET generic host.</summary>
public static class GrainRuntimeServiceCollectionExtensions
{
    /// <summary>Adds the grain runtime: <see cref="IGrainFactory"/>, statistics, local directory and placement,
    /// and a hosted service that starts it and deactivates every grain on shutdown.</summary>
    public static IServiceCollection AddGrainRuntime(this IServiceCollection services, Action<GrainRuntimeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<GrainRuntimeOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GrainRuntimeOptions>, GrainRuntimeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainDirectory, LocalGrainDirectory>();
        services.TryAddSingleton<IPlacementDirector, LocalPlacementDirector>();
        services.TryAddSingleton<GrainRuntime>();
        services.TryAddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.TryAddSingleton(sp => sp.GetRequiredService<GrainRuntime>().Statistics);
        services.AddHostedService<GrainRuntimeHostedService>();
        return services;
    }

    /// <summary>Makes <typeparamref name="TGrain"/> the implementation of <typeparamref name="TInterface"/> in this
    /// silo even when other loaded assemblies implement it too (tests use it to stand in for a grain).</summary>
    public static IServiceCollection AddGrainImplementation<TInterface, TGrain>(this IServiceCollection services)
        where TInterface : IGrainWithStringKey
        where TGrain : Grain, TInterface
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(new GrainImplementationChoice(typeof(TInterface), typeof(TGrain)));
        return services;
    }

    /// <summary>Makes the grain classes of <paramref name="assembly"/> part of this silo, as Orleans' application
    /// parts do: once any assembly is added, grain classes of other loaded assemblies (a test project's stand-ins,
    /// say) are not activated here.</summary>
    public static IServiceCollection AddGrains(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(assembly);
        GrainTypeRegistry.EnsureRegistered(assembly);
        services.AddSingleton(new GrainAssembly(assembly));
        return services;
    }
}
