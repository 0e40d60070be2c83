using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace EnterpriseHub.Silo.Tests;

/// <summary>Real remote_write agents from Debian's packages (installed by infra/test.sh) pointed at the silo.</summary>
public sealed class RemoteWriteAgentTests
{
    private const string PrometheusBinary = "/usr/bin/prometheus";
    private const string VmagentBinary = "/usr/bin/vmagent";

    [Fact]
    public async Task Prometheus_scraping_itself_remote_writes_its_series_into_the_silo()
    {
        Assert.True(File.Exists(PrometheusBinary), $"{PrometheusBinary} is missing; infra/test.sh installs it with apt-get.");
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(data.Path, "silo"));
        var config = Path.Combine(data.Path, "prometheus.yml");
        var (prometheus, log, port) = await StartListeningAsync(listen =>
        {
            File.WriteAllText(config, $"""
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: prometheus
                    static_configs:
                      - targets: ['127.0.0.1:{listen}']
                remote_write:
                  - url: {silo.Address}api/v1/write
                    queue_config:
                      batch_send_deadline: 1s
                      min_backoff: 100ms
                      max_backoff: 1s
                """);
            var info = new ProcessStartInfo(PrometheusBinary);
            foreach (var arg in new[] { $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(data.Path, "tsdb")}", $"--web.listen-address=127.0.0.1:{listen}", "--log.level=warn" })
            {
                info.ArgumentList.Add(arg);
            }

            return info;
        });
        using var _ = prometheus;
        try
        {
            using var http = silo.Client();
            var id = $"prometheus:up{{instance=\"127.0.0.1:{port}\"}}";
            JsonElement? up = null;
            var total = 0;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            // The first scrape can run before Prometheus listens (up = 0) and the first batches carry only some
            // series, so wait for the steady picture rather than the first glimpse.
            while ((up is not { } u || u.GetProperty("lastValue").GetDouble() != 1 || total <= 50) && DateTime.UtcNow < deadline)
            {
                Assert.False(prometheus.HasExited, $"prometheus exited: {log}");
                var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=prometheus&limit=10000");
                total = page.GetProperty("total").GetInt32();
                up = null;
                foreach (var item in page.GetProperty("items").EnumerateArray())
                {
                    if (item.GetProperty("id").GetString() == id)
                    {
                        up = item;
                    }
                }

                await Task.Delay(250);
            }

            Assert.True(up is not null, $"series {id} did not appear; prometheus log:\n{log}");
            Assert.Equal(1, up.Value.GetProperty("lastValue").GetDouble());
            Assert.True(total > 50, $"Prometheus exposes hundreds of its own series; {total} arrived");
            var all = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=prometheus&limit=10000");
            Assert.Contains(all.GetProperty("items").EnumerateArray(), s => s.GetProperty("metric").GetString() == "prometheus_build_info");

            // Counters are monitored as their per-second rate: Prometheus serves its own /metrics once a second, and
            // counts each scrape it served.
            var requests = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=prometheus&metric=promhttp_metric_handler_requests_total&label=code=200");
            var served = Assert.Single(requests.GetProperty("items").EnumerateArray());
            Assert.True(served.GetProperty("perSecond").GetBoolean());
            var path = "/api/v1/series/" + Uri.EscapeDataString(served.GetProperty("id").GetString()!) + "?points=20&forecast=0";
            var view = await http.GetFromJsonAsync<JsonElement>(path);
            for (var wait = DateTime.UtcNow.AddSeconds(60); view.GetProperty("points").GetArrayLength() < 5 && DateTime.UtcNow < wait; await Task.Delay(250))
            {
                view = await http.GetFromJsonAsync<JsonElement>(path);
            }

            Assert.True(view.GetProperty("perSecond").GetBoolean());
            var rates = view.GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList();
            Assert.True(rates.Count >= 5, $"{rates.Count} rates");
            Assert.All(rates, r => Assert.InRange(r, 0.8, 1.25));
            var build = Assert.Single(all.GetProperty("items").EnumerateArray(), s => s.GetProperty("metric").GetString() == "prometheus_build_info");
            Assert.Equal((false, 1.0), (build.GetProperty("perSecond").GetBoolean(), build.GetProperty("lastValue").GetDouble()));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Vmagent_scraping_the_silo_remote_writes_the_silos_own_metrics_into_it()
    {
        Assert.True(File.Exists(VmagentBinary), $"{VmagentBinary} is missing; infra/test.sh installs Debian's victoria-metrics package.");
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(Path.Combine(data.Path, "silo"));
        var config = Path.Combine(data.Path, "scrape.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: ehub
                static_configs:
                  - targets: ['{silo.Address.Authority}']
            """);
        var (vmagent, log, _) = await StartListeningAsync(listen =>
        {
            var info = new ProcessStartInfo(VmagentBinary);
            foreach (var arg in new[]
            {
                $"-promscrape.config={config}", $"-remoteWrite.url={silo.Address}api/v1/write", $"-remoteWrite.tmpDataPath={Path.Combine(data.Path, "vmagent")}",
                $"-httpListenAddr=127.0.0.1:{listen}", "-remoteWrite.flushInterval=500ms", "-loggerLevel=ERROR",
            })
            {
                info.ArgumentList.Add(arg);
            }

            return info;
        });
        using var _ = vmagent;
        try
        {
            using var http = silo.Client();
            var found = false;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!found && DateTime.UtcNow < deadline)
            {
                Assert.False(vmagent.HasExited, $"vmagent exited: {log}");
                var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=ehub&metric=ehub_grain_activations");
                found = page.GetProperty("total").GetInt32() > 0;
                await Task.Delay(250);
            }

            Assert.True(found, $"the silo's own ehub_grain_activations did not come back through vmagent; vmagent log:\n{log}");
            var metricGrains = await http.GetFromJsonAsync<JsonElement>("/api/v1/series?service=ehub&metric=ehub_grain_activations&label=type=metric");
            Assert.Equal(1, metricGrains.GetProperty("total").GetInt32());
        }
        finally
        {
            vmagent.Kill(entireProcessTree: true);
            await vmagent.WaitForExitAsync();
        }
    }

    /// <summary>
    /// Starts an agent (<paramref name="start"/> makes its start info for a port) listening on a loopback port that was
    /// free when chosen, its output and errors gathered in the log. Another process can take the port before the agent
    /// binds it (a test's own outgoing connections draw from the same ephemeral range), so an agent that exits within
    /// its first two seconds saying "address already in use" is started again on another port, up to five times.
    /// </summary>
    private static async Task<(Process Process, System.Text.StringBuilder Log, int Port)> StartListeningAsync(Func<int, ProcessStartInfo> start)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var info = start(port);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            var process = Process.Start(info)!;
            var log = new System.Text.StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(2)));
            bool taken;
            lock (log)
            {
                taken = log.ToString().Contains("address already in use", StringComparison.Ordinal);
            }

            if (!process.HasExited || !taken || attempt == 5)
            {
                return (process, log, port);
            }

            process.Dispose();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
