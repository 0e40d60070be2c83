using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace EnterpriseHub.Silo.Monitoring;

/// <summary>The series index on disk: <c>series.db</c> in the data directory, one row per series id, written in
/// batches by a background task so registering a series never waits for the disk.</summary>
public sealed class SeriesIndexStore : IAsyncDisposable
{
    /// <summary>The file name in the data directory.</summary>
    public const string FileName = "series.db";

    private readonly string _connectionString;
    private readonly Channel<string> _pending = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private readonly ILogger<SeriesIndexStore> _logger;

    /// <summary>Opens (or creates) the store.</summary>
    public SeriesIndexStore(string dataDirectory, ILogger<SeriesIndexStore> logger)
    {
        _logger = logger;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, FileName), Pooling = false }.ToString();
        using (var connection = Open())
        {
            Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS series (id TEXT PRIMARY KEY, first_seen_utc INTEGER NOT NULL) WITHOUT ROWID;");
        }

        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Every stored series id.</summary>
    public IEnumerable<string> LoadAll()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM series";
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Queues a new series id for writing.</summary>
    public void Add(string id) => _pending.Writer.TryWrite(id);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<string>();
        while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < 4096 && _pending.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            try
            {
                using var connection = Open();
                using var transaction = connection.BeginTransaction();
                using var command = connection.CreateCommand();
                command.CommandText = "INSERT OR IGNORE INTO series (id, first_seen_utc) VALUES ($id, $now)";
                var idParameter = command.Parameters.Add("$id", SqliteType.Text);
                command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                foreach (var id in batch)
                {
                    idParameter.Value = id;
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
            }
            catch (SqliteException ex)
            {
                _logger.LogError(ex, "Writing {Count} new series to the series index failed; they are listed until the silo restarts and recorded again when they next send samples after it", batch.Count);
            }

            batch.Clear();
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
