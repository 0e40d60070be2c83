using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Storage;
using Microsoft.Data.Sqlite;

namespace EnterpriseHub.Storage.Sqlite;

/// <summary>One read connection with its prepared point query. Used by one caller at a time (the pool hands it out).</summary>
internal sealed class SqliteStateReader : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteParameter _type;
    private readonly SqliteParameter _key;
    private readonly SqliteParameter _state;

    /// <summary>Opens a read connection to the database named by <paramref name="options"/>.</summary>
    public SqliteStateReader(SqliteStorageOptions options)
    {
        _connection = SqliteDatabase.OpenReader(options);
        _select = _connection.CreateCommand();
        _select.CommandText =
            "SELECT etag, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $state;";
        _type = _select.Parameters.Add("$type", SqliteType.Text);
        _key = _select.Parameters.Add("$key", SqliteType.Text);
        _state = _select.Parameters.Add("$state", SqliteType.Text);
        _select.Prepare();
    }

    /// <summary>Reads one record, or null when none exists. In WAL mode this sees the last committed transaction
    /// and never waits for the writer.</summary>
    public GrainStateRecord? Read(GrainId grainId, string stateName)
    {
        _type.Value = grainId.Type;
        _key.Value = grainId.Key;
        _state.Value = stateName;
        using var reader = _select.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        // GetFieldValue<byte[]> copies the blob into a new array the caller owns.
        return new GrainStateRecord(reader.GetFieldValue<byte[]>(1), StorageOperation.FormatEtag(reader.GetInt64(0)));
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        _select.Dispose();
        _connection.Dispose();
    }
}
