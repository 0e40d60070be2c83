using System.Diagnostics;
using EnterpriseHub.Runtime;
using EnterpriseHub.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace EnterpriseHub.Storage.Tests;

public sealed class SqliteCrashTests : IDisposable
{
    private const int Writers = 32;
    // Enough to span several WAL auto-checkpoints (every 1000 pages), so the kill can land in one.
    private const int AcksBeforeKill = 20_000;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Every_acknowledged_write_survives_a_sigkill_and_the_file_is_intact()
    {
        var database = _directory.File("ehub.db");
        var acknowledged = new Dictionary<string, (long Sequence, string Etag)>(StringComparer.Ordinal);
        var enoughAcks = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var child = Process.Start(new ProcessStartInfo(DotnetHost())
        {
            ArgumentList = { "exec", typeof(CrashWriter).Assembly.Location, CrashWriter.Command, database, Writers.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var errors = child.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            // Reads to the end of the pipe, past the kill: lines the child printed before dying are acknowledgements too.
            while (await child.StandardOutput.ReadLineAsync() is { } line)
            {
                if (CrashWriter.TryParseAck(line, out var key, out var sequence, out var etag))
                {
                    acknowledged[key] = (sequence, etag);
                    if (acknowledged.Values.Sum(ack => ack.Sequence) >= AcksBeforeKill)
                    {
                        enoughAcks.TrySetResult();
                    }
                }
            }

            enoughAcks.TrySetException(new InvalidOperationException("The crash writer stopped before being killed."));
        });

        try
        {
            await enoughAcks.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            // Process.Kill sends SIGKILL on Linux: no finalizers, no disposal, no checkpoint.
            child.Kill(entireProcessTree: true);
        }

        await reading;
        await child.WaitForExitAsync();
        Assert.True(acknowledged.Count == Writers, $"Expected acks from {Writers} writers, got {acknowledged.Count}. Child stderr: {await errors}");
        Assert.Equal(137, child.ExitCode);
        Assert.True(new FileInfo(database + "-wal").Length > 0, "The kill should leave committed pages in the WAL, not checkpointed.");

        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", check.ExecuteScalar());
        }

        await using var storage = new SqliteGrainStorage(new SqliteStorageOptions { DataSource = database });
        foreach (var (key, ack) in acknowledged)
        {
            var record = await storage.ReadAsync(new GrainId(CrashWriter.GrainType, key), CrashWriter.StateName, CancellationToken.None);
            Assert.NotNull(record);
            var stored = Payloads.ReadCounter(record.Payload);

            // Each writer has at most one write in flight, so the store holds the last acknowledged write or the
            // one after it (committed, but the kill came before its line was printed).
            if (stored == ack.Sequence)
            {
                Assert.Equal(ack.Etag, record.Etag);
            }
            else
            {
                Assert.Equal(ack.Sequence + 1, stored);
            }
        }
    }

    private static string DotnetHost()
    {
        // The SDK tells child processes which muxer started it; fall back to this process's own host.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
