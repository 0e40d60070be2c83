using System.Globalization;
using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Dispatch;
using Microsoft.Data.Sqlite;

namespace EnterpriseHub.Alerting.Storage;

/// <summary>
/// The alert router's durable state in its own SQLite file (WAL): the history of every alert state change, the
/// active alerts, silences, the notification log, and the event log whose AUTOINCREMENT ids never repeat, even
/// after a restart, so event-stream clients resume exactly. One connection behind a lock for the router's commits and
/// queries (each router turn commits its changes in one transaction), and one more for the event stream's reads, so
/// a stream catching up on a burst never holds up the router's next commit (WAL readers see the last commit).
/// </summary>
public sealed class AlertStore : IDisposable
{
    /// <summary>The schema version this code writes (<c>PRAGMA user_version</c>).</summary>
    public const int SchemaVersion = 1;

    private const string CreateSchemaV1 = """
        CREATE TABLE alert_history(
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            fingerprint TEXT    NOT NULL,
            name        TEXT    NOT NULL,
            state       TEXT    NOT NULL,
            service     TEXT,
            severity    TEXT    NOT NULL,
            kind        TEXT    NOT NULL,
            changed_at  INTEGER NOT NULL,
            alert       TEXT    NOT NULL);
        CREATE INDEX alert_history_changed_at ON alert_history(changed_at);
        CREATE INDEX alert_history_fingerprint ON alert_history(fingerprint, id);
        CREATE TABLE active_alerts(
            fingerprint TEXT    NOT NULL PRIMARY KEY,
            alert       TEXT    NOT NULL,
            updated_at  INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE silences(
            id          TEXT    NOT NULL PRIMARY KEY,
            silence     TEXT    NOT NULL,
            updated_at  INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE notification_log(
            key         TEXT    NOT NULL PRIMARY KEY,
            entry       TEXT    NOT NULL) WITHOUT ROWID;
        CREATE TABLE events(
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            at          INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            event       TEXT    NOT NULL);
        PRAGMA user_version = 1;
        """;

    private readonly Lock _lock = new();
    private readonly SqliteConnection _connection;

    // One command per statement text, kept prepared: a commit of a burst of alerts runs the same few statements
    // hundreds of times, and SQLite compiles a statement again for every new command.
    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);
    private readonly Lock _streamLock = new();
    private SqliteConnection? _streamConnection;
    private SqliteCommand? _streamRead;

    /// <summary>Opens (creating or migrating) the store at <paramref name="path"/>.</summary>
    public AlertStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            _connection.Open();
            Execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
            EnsureSchema();
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Stores what the dispatcher changed in one transaction and returns the events with their ids.</summary>
    public List<AlertEvent> Commit(DispatchChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var events = new List<AlertEvent>(changes.Events.Count);
        if (changes.IsEmpty)
        {
            return events;
        }

        lock (_lock)
        {
            using var transaction = _connection.BeginTransaction();
            foreach (var change in changes.Events)
            {
                if (change.IsStateChange)
                {
                    WriteStateChange(change, transaction);
                }

                var pending = new AlertEvent(0, change.At, change.Type, change.Alert?.Fingerprint, change.SilenceId, change.Receiver, change.Detail, change.Alert);
                var id = Convert.ToInt64(Scalar(
                    "INSERT INTO events(at, type, event) VALUES ($at, $type, $event); SELECT last_insert_rowid();",
                    transaction,
                    ("$at", Millis(change.At)),
                    ("$type", change.Type),
                    ("$event", JsonSerializer.Serialize(pending, AlertJson.Options))), CultureInfo.InvariantCulture);
                events.Add(pending with { Id = id });
            }

            foreach (var silence in changes.Silences)
            {
                Execute(
                    "INSERT INTO silences(id, silence, updated_at) VALUES ($id, $silence, $at) ON CONFLICT(id) DO UPDATE SET silence = excluded.silence, updated_at = excluded.updated_at;",
                    transaction,
                    ("$id", silence.Id),
                    ("$silence", JsonSerializer.Serialize(silence, AlertJson.Options)),
                    ("$at", Millis(silence.UpdatedAt)));
            }

            foreach (var (key, entry) in changes.Log)
            {
                Execute(
                    "INSERT INTO notification_log(key, entry) VALUES ($key, $entry) ON CONFLICT(key) DO UPDATE SET entry = excluded.entry;",
                    transaction,
                    ("$key", key),
                    ("$entry", JsonSerializer.Serialize(entry, AlertJson.Options)));
            }

            transaction.Commit();
        }

        return events;
    }

    /// <summary>The alerts that were pending or firing when last stored.</summary>
    public List<Alert> LoadActiveAlerts() =>
        Query("SELECT alert FROM active_alerts ORDER BY fingerprint;", r => Deserialize<Alert>(r.GetString(0)));

    /// <summary>Every stored silence, newest first.</summary>
    public List<SilenceRecord> LoadSilences() =>
        Query("SELECT silence FROM silences ORDER BY updated_at DESC, id;", r => Deserialize<SilenceRecord>(r.GetString(0)));

    /// <summary>The notification log.</summary>
    public List<KeyValuePair<string, NotificationLogEntry>> LoadNotificationLog() =>
        Query("SELECT key, entry FROM notification_log;", r => KeyValuePair.Create(r.GetString(0), Deserialize<NotificationLogEntry>(r.GetString(1))));

    /// <summary>History entries (state changes) matching <paramref name="query"/>, newest first.</summary>
    public List<AlertView> QueryHistory(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new System.Text.StringBuilder("SELECT id, changed_at, alert FROM alert_history WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.State is { } state)
        {
            sql.Append(" AND state = $state");
            parameters.Add(("$state", Name(state)));
        }

        if (query.Service is { } service)
        {
            sql.Append(" AND service = $service");
            parameters.Add(("$service", service));
        }

        if (query.Severity is { } severity)
        {
            sql.Append(" AND severity = $severity");
            parameters.Add(("$severity", Name(severity)));
        }

        if (query.Kind is { } kind)
        {
            sql.Append(" AND kind = $kind");
            parameters.Add(("$kind", Name(kind)));
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND changed_at >= $since");
            parameters.Add(("$since", Millis(since)));
        }

        sql.Append(" ORDER BY id DESC LIMIT $limit;");
        parameters.Add(("$limit", Math.Clamp(query.Limit, 1, AlertQuery.MaxLimit)));
        return Query(sql.ToString(), r => new AlertView(
            Deserialize<Alert>(r.GetString(2)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
            [],
            [],
            r.GetInt64(0)), [.. parameters]);
    }

    /// <summary>Events after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public List<AlertEvent> ReadEvents(long afterId, int limit) =>
        [.. ReadStoredEvents(afterId, limit).Select(e => Deserialize<AlertEvent>(e.Json))];

    /// <summary>
    /// Events after <paramref name="afterId"/>, oldest first, at most <paramref name="limit"/>, as stored: the JSON of
    /// each is <see cref="AlertEvent"/>'s, with its id, without a deserialize and serialize round trip. Reads on the
    /// stream connection, never waiting for a commit in progress.
    /// </summary>
    public List<StoredAlertEvent> ReadStoredEvents(long afterId, int limit)
    {
        lock (_streamLock)
        {
            if (_streamRead is null)
            {
                _streamConnection = new SqliteConnection(new SqliteConnectionStringBuilder
                {
                    DataSource = Path,
                    Mode = SqliteOpenMode.ReadOnly,
                    Pooling = false,
                }.ToString());
                _streamConnection.Open();
                _streamRead = _streamConnection.CreateCommand();
                _streamRead.CommandText = "SELECT id, type, event FROM events WHERE id > $after ORDER BY id LIMIT $limit;";
            }

            _streamRead.Parameters.Clear();
            _streamRead.Parameters.AddWithValue("$after", afterId);
            _streamRead.Parameters.AddWithValue("$limit", limit);
            using var reader = _streamRead.ExecuteReader();
            var events = new List<StoredAlertEvent>();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                events.Add(new StoredAlertEvent(id, reader.GetString(1), WithId(reader.GetString(2), id)));
            }

            return events;
        }
    }

    /// <summary>Stored event JSON with its id: events are written before their id exists, so with id 0, the first
    /// property.</summary>
    private static string WithId(string json, long id)
    {
        const string Unassigned = "{\"id\":0,";
        return json.StartsWith(Unassigned, StringComparison.Ordinal)
            ? string.Concat("{\"id\":", id.ToString(CultureInfo.InvariantCulture), ",", json.AsSpan(Unassigned.Length))
            : JsonSerializer.Serialize(Deserialize<AlertEvent>(json) with { Id = id }, AlertJson.Options);
    }

    /// <summary>The id of the newest event, 0 when there is none.</summary>
    public long LastEventId()
    {
        lock (_lock)
        {
            return Convert.ToInt64(Scalar("SELECT COALESCE(MAX(id), 0) FROM events;", null), CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var command in _statements.Values)
            {
                command.Dispose();
            }

            _statements.Clear();
        }

        lock (_streamLock)
        {
            _streamRead?.Dispose();
            _streamConnection?.Dispose();
            _streamRead = null;
        }

        _connection.Dispose();
    }

    /// <summary>The stored name of an enum value: camelCase, as in the API.</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    private void WriteStateChange(AlertChange change, SqliteTransaction transaction)
    {
        var alert = change.Alert!;
        var json = JsonSerializer.Serialize(alert, AlertJson.Options);
        Execute(
            "INSERT INTO alert_history(fingerprint, name, state, service, severity, kind, changed_at, alert) VALUES ($fp, $name, $state, $service, $severity, $kind, $at, $alert);",
            transaction,
            ("$fp", alert.Fingerprint),
            ("$name", alert.Name),
            ("$state", Name(alert.State)),
            ("$service", alert.Labels.TryGetValue("service", out var service) ? service : null),
            ("$severity", Name(alert.Severity)),
            ("$kind", Name(alert.Kind)),
            ("$at", Millis(change.At)),
            ("$alert", json));
        if (alert.State == AlertState.Resolved)
        {
            Execute("DELETE FROM active_alerts WHERE fingerprint = $fp;", transaction, ("$fp", alert.Fingerprint));
        }
        else
        {
            Execute(
                "INSERT INTO active_alerts(fingerprint, alert, updated_at) VALUES ($fp, $alert, $at) ON CONFLICT(fingerprint) DO UPDATE SET alert = excluded.alert, updated_at = excluded.updated_at;",
                transaction,
                ("$fp", alert.Fingerprint),
                ("$alert", json),
                ("$at", Millis(change.At)));
        }
    }

    private void EnsureSchema()
    {
        using var transaction = _connection.BeginTransaction();
        var version = Convert.ToInt32(Scalar("PRAGMA user_version;", transaction), CultureInfo.InvariantCulture);
        switch (version)
        {
            case 0:
                Execute(CreateSchemaV1, transaction);
                break;
            case SchemaVersion:
                break;
            default:
                throw new InvalidOperationException($"Alert store '{Path}' has schema version {version}; this build reads up to {SchemaVersion}.");
        }

        transaction.Commit();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        lock (_lock)
        {
            using var reader = Command(sql, null, parameters).ExecuteReader();
            var rows = new List<T>();
            while (reader.Read())
            {
                rows.Add(read(reader));
            }

            return rows;
        }
    }

    private void Execute(string sql, SqliteTransaction? transaction = null, params (string Name, object? Value)[] parameters)
    {
        Command(sql, transaction, parameters).ExecuteNonQuery();
    }

    private object? Scalar(string sql, SqliteTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        return Command(sql, transaction, parameters).ExecuteScalar();
    }

    /// <summary>The kept command for <paramref name="sql"/>, bound to the transaction and parameters; callers hold
    /// <see cref="_lock"/> (or are the constructor) and do not dispose it.</summary>
    private SqliteCommand Command(string sql, SqliteTransaction? transaction, (string Name, object? Value)[] parameters)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _statements.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, AlertJson.Options) ?? throw new InvalidDataException($"A stored {typeof(T).Name} is null.");
}

/// <summary>One event of the alert event log as stored: its id, its type and its JSON (an <see cref="AlertEvent"/>).</summary>
public sealed record StoredAlertEvent(long Id, string Type, string Json);
