using System.Diagnostics;
using System.Globalization;
using EnterpriseHub.Runtime;
using EnterpriseHub.Storage.Sqlite;

namespace EnterpriseHub.Storage.Tests;

/// <summary>
/// Measures SQLite write throughput: concurrent writers doing ETag-checked writes of fixed-size payloads over a
/// key space, the way many grains persist at once. Run with
/// <c>dotnet exec EnterpriseHub.Storage.Tests.dll write-throughput [writes] [keys] [writers] [payload-bytes] [normal|full]</c>.
/// </summary>
internal static class WriteThroughput
{
    public const string Command = "write-throughput";

    public static async Task RunAsync(string[] args)
    {
        var writes = Argument(args, 0, 100_000);
        var keys = Argument(args, 1, 10_000);
        var writers = Argument(args, 2, 256);
        var payloadBytes = Argument(args, 3, 1024);
        var synchronous = args.Length > 4 && args[4].Equals("full", StringComparison.OrdinalIgnoreCase)
            ? SqliteSynchronousMode.Full
            : SqliteSynchronousMode.Normal;

        if (writers > keys)
        {
            throw new ArgumentException($"{writers} writers need at least as many keys, not {keys}.", nameof(args));
        }

        using var directory = new TempDirectory();
        var payload = new byte[payloadBytes];
        payload.AsSpan().Fill((byte)'x');
        var batches = 0L;
        var storage = new SqliteGrainStorage(new SqliteStorageOptions
        {
            DataSource = directory.File("ehub.db"),
            Synchronous = synchronous,
        });
        await using (storage)
        {
            storage.Writer.BatchStarting = _ => batches++;
            var etags = new string?[keys];
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(async () =>
            {
                // Writer w owns keys w, w + writers, ...: no two writers share a key, so every write must succeed.
                var share = (writes / writers) + (writer < writes % writers ? 1 : 0);
                var key = writer;
                for (var i = 0; i < share; i++)
                {
                    var grain = new GrainId("metric", "series-" + key.ToString(CultureInfo.InvariantCulture));
                    etags[key] = await storage.WriteAsync(grain, "state", payload, etags[key], CancellationToken.None);
                    key += writers;
                    if (key >= keys)
                    {
                        key = writer;
                    }
                }
            })));
            stopwatch.Stop();

            var seconds = stopwatch.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{writes} writes of {payloadBytes} B over {keys} keys by {writers} writers, synchronous={synchronous}: "
                + $"{seconds:F2} s, {writes / seconds:F0} writes/s, {batches} batches (mean {(double)writes / batches:F1} per batch)"));
        }
    }

    private static int Argument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
}
