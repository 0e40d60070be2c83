using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EnterpriseHub.LoadGenerator;

/// <summary>The silo the generator measures: the real <c>ehub</c> built beside it, in its own process, with a fresh
/// data directory, on a free loopback port.</summary>
public sealed class SiloUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _data;

    private SiloUnderTest(Process process, Uri address, string data, string adminKey)
    {
        _process = process;
        Address = address;
        _data = data;
        AdminKey = adminKey;
    }

    /// <summary>Where it listens.</summary>
    public Uri Address { get; }

    /// <summary>Its admin key.</summary>
    public string AdminKey { get; }

    /// <summary>Starts it and waits until it is ready.</summary>
    public static async Task<SiloUnderTest> StartAsync(int series, TextWriter log, CancellationToken cancellationToken)
    {
        var data = Directory.CreateTempSubdirectory("ehub-load-").FullName;
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };

        // The README's setting for silos with tens of thousands of series (see "Running large silos"): a 256 MB gen0
        // budget. The GC reads it only from the environment. Without it, at 100k series an ephemeral collection falls
        // on the measured alert burst in about half the runs.
        info.Environment["DOTNET_GCgen0size"] = "0x10000000";
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "ehub.dll"), "run", "--urls", $"http://127.0.0.1:{port}", "--data-dir", data,
            "--Ingestion:MaxSeriesPerService", (series + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.WriteLine("silo: " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken)).IsSuccessStatusCode)
                {
                    var key = (await File.ReadAllTextAsync(Path.Combine(data, "admin.key"), cancellationToken)).Trim();
                    return new SiloUnderTest(process, address, data, key);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        process.Kill(entireProcessTree: true);
        throw new TimeoutException("The silo did not become ready in 60 s.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_data, recursive: true);
    }
}
