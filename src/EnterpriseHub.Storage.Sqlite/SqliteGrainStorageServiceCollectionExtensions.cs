using EnterpriseHub.Runtime.Storage;
using EnterpriseHub.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="SqliteGrainStorage"/> providers.</summary>
public static class SqliteGrainStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers a SQLite <see cref="IGrainStorage"/> as a keyed singleton under <paramref name="name"/>, configured
    /// by the named <see cref="SqliteStorageOptions"/> of the same name (so appsettings can bind them too) and
    /// validated by <see cref="SqliteStorageOptionsValidator"/> when the host starts. The container disposes it
    /// on shutdown, which commits queued writes and checkpoints the file.
    /// </summary>
    public static IServiceCollection AddSqliteGrainStorage(
        this IServiceCollection services,
        string name,
        Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SqliteStorageOptions>(name).Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, SqliteStorageOptionsValidator>());
        services.AddKeyedSingleton<IGrainStorage>(name, static (provider, key) =>
        {
            var options = provider.GetRequiredService<IOptionsMonitor<SqliteStorageOptions>>().Get((string)key!);
            return new SqliteGrainStorage(options, provider.GetService<ILogger<SqliteGrainStorage>>());
        });
        return services;
    }
}
