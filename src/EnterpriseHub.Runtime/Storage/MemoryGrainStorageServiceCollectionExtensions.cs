using EnterpriseHub.Runtime.Storage;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="MemoryGrainStorage"/> providers.</summary>
public static class MemoryGrainStorageServiceCollectionExtensions
{
    /// <summary>Registers an in-memory <see cref="IGrainStorage"/> as a keyed singleton under <paramref name="name"/>.
    /// Its state lives as long as the process: use it for tests and runs that need no durability.</summary>
    public static IServiceCollection AddMemoryGrainStorage(this IServiceCollection services, string name)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return services.AddKeyedSingleton<IGrainStorage>(name, static (_, _) => new MemoryGrainStorage());
    }
}
