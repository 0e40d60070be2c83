using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EnterpriseHub.Silo.Tests;

/// <summary>The real <c>ehub</c> executable started as a child process on a free loopback port, so a test can
/// SIGKILL it. Shared with the incident tests (linked into their project).</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static Task<SiloProcess> StartAsync(string dataDirectory, TimeSpan readyTimeout) =>
        StartAsync(new Dictionary<string, string?> { ["data-dir"] = dataDirectory }, readyTimeout);

    /// <summary>Starts ehub with each setting passed as <c>--key value</c> (for example <c>data-dir</c> or
    /// <c>Incidents:PlaybookDirectory</c>).</summary>
    public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan readyTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var port = FreePort();
        var info = StartInfo(port, settings);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var silo = new SiloProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => silo.Append(e.Data);
        process.ErrorDataReceived += (_, e) => silo.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await silo.WaitUntilReadyAsync(readyTimeout);
        return silo;
    }

    /// <summary>Runs ehub with <paramref name="settings"/> until it exits by itself (a start that fails), with what it
    /// wrote to each stream.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(IReadOnlyDictionary<string, string?> settings, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(FreePort(), settings)) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ehub did not exit within {timeout}:\n{await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no deactivation.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"ehub exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"ehub was not ready within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static ProcessStartInfo StartInfo(int port, IReadOnlyDictionary<string, string?> settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "ehub.dll"), "run", "--urls", $"http://127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in settings)
        {
            info.ArgumentList.Add("--" + key);
            info.ArgumentList.Add(value ?? "");
        }

        return info;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
