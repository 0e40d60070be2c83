using Microsoft.Extensions.Options;

namespace EnterpriseHub.Storage.Sqlite;

/// <summary>Rejects <see cref="SqliteStorageOptions"/> the provider cannot run with, naming the offending option.</summary>
public sealed class SqliteStorageOptionsValidator : IValidateOptions<SqliteStorageOptions>
{
    /// <summary>The largest accepted <see cref="SqliteStorageOptions.MaxBatchSize"/>: past it a batch holds the
    /// write lock long enough to delay checkpoints without making commits measurably cheaper.</summary>
    public const int MaxBatchSizeLimit = 65_536;

    /// <summary>The largest accepted <see cref="SqliteStorageOptions.ReadConnections"/>.</summary>
    public const int ReadConnectionsLimit = 256;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SqliteStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var provider = string.IsNullOrEmpty(name) ? "SQLite grain storage" : $"SQLite grain storage '{name}'";
        List<string>? failures = null;

        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            (failures ??= []).Add($"{provider}: DataSource must name a database file.");
        }
        else if (options.DataSource.Trim() == ":memory:"
            || options.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            // The writer and the readers use separate connections, which only share a database through a file.
            (failures ??= []).Add($"{provider}: DataSource must be a file path, not '{options.DataSource}'.");
        }

        if (!Enum.IsDefined(options.Synchronous))
        {
            (failures ??= []).Add($"{provider}: Synchronous must be Normal or Full, not {options.Synchronous}.");
        }

        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            (failures ??= []).Add($"{provider}: BusyTimeout must be between 0 and {int.MaxValue} ms, not {options.BusyTimeout}.");
        }

        if (options.MaxBatchSize is < 1 or > MaxBatchSizeLimit)
        {
            (failures ??= []).Add($"{provider}: MaxBatchSize must be between 1 and {MaxBatchSizeLimit}, not {options.MaxBatchSize}.");
        }

        if (options.ReadConnections is < 1 or > ReadConnectionsLimit)
        {
            (failures ??= []).Add($"{provider}: ReadConnections must be between 1 and {ReadConnectionsLimit}, not {options.ReadConnections}.");
        }

        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
