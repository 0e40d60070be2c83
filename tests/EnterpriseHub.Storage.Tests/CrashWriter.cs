using System.Globalization;
using EnterpriseHub.Runtime;
using EnterpriseHub.Storage.Sqlite;

namespace EnterpriseHub.Storage.Tests;

/// <summary>
/// The child process of the crash test: writers update one key each in an endless loop and print a line for every
/// acknowledged write, until the test kills the process. Each line is printed only after WriteAsync completed, so
/// every printed write must be found in the database after the kill.
/// </summary>
internal static class CrashWriter
{
    public const string Command = "crash-writer";
    public const string StateName = "crash";
    public const string GrainType = "crash-test";

    public static async Task RunAsync(string[] args)
    {
        var database = args[0];
        var writers = int.Parse(args[1], CultureInfo.InvariantCulture);
        var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataSource = database });

        // Never disposed: the process is meant to die with writes in flight.
        await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(() => WriteForeverAsync(storage, writer))));
    }

    /// <summary>Formats an acknowledgement line: <c>ack &lt;key&gt; &lt;sequence&gt; &lt;etag&gt;</c>.</summary>
    public static string FormatAck(string key, long sequence, string etag) =>
        string.Create(CultureInfo.InvariantCulture, $"ack {key} {sequence} {etag}");

    /// <summary>Parses a line printed by the child; false for anything else, such as a line cut short by the kill.</summary>
    public static bool TryParseAck(string line, out string key, out long sequence, out string etag)
    {
        key = etag = string.Empty;
        sequence = 0;
        var parts = line.Split(' ');
        if (parts.Length != 4 || parts[0] != "ack"
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out sequence)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        key = parts[1];
        etag = parts[3];
        return true;
    }

    private static async Task WriteForeverAsync(SqliteGrainStorage storage, int writer)
    {
        var key = "w" + writer.ToString(CultureInfo.InvariantCulture);
        var grain = new GrainId(GrainType, key);
        string? etag = null;
        for (long sequence = 1; ; sequence++)
        {
            etag = await storage.WriteAsync(grain, StateName, Payloads.Counter(sequence), etag, CancellationToken.None);

            // Console.Out is synchronized and flushes every line, so a printed line has reached the pipe.
            Console.Out.WriteLine(FormatAck(key, sequence, etag));
        }
    }
}
