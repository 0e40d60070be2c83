using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EnterpriseHub.LoadGenerator;

/// <summary>Settings of one load run.</summary>
public sealed record LoadSettings(int Series, TimeSpan Duration, int Connections, int Batch, int Probes, string? SiloUrl, string? DataDirectory);

/// <summary>
/// Drives a silo through Prometheus remote_write the way agents do: every series gets one sample per round (10 s of
/// sample time apart), in requests of <see cref="LoadSettings.Batch"/> series over several connections; a round
/// ends before the next begins, so each series' samples arrive in order. It measures sustained samples per second,
/// heap bytes per series after a full collection, and sample-to-alert latency: some probe series get a level shift
/// mid-run and the alert's arrival on the SSE event stream is timed against the send time of the sample that
/// started it.
/// </summary>
public sealed class LoadRun(LoadSettings settings, Uri silo, string adminKey, TextWriter output)
{
    private const long RoundMs = 10_000;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly long _t0 = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
    private readonly ConcurrentDictionary<(int Series, int Round), long> _probeSends = new();
    private readonly ConcurrentBag<double> _latenciesMs = [];
    private volatile int _shiftFromRound = int.MaxValue;

    /// <summary>Runs the phases and prints one figure per line.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Connections + 2 }) { BaseAddress = silo, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        var writer = new RemoteWriteRequestWriter([.. Enumerable.Range(0, settings.Series).Select(Labels)]);

        var baseline = await MeasureHeapAsync(http, cancellationToken);
        using var events = new CancellationTokenSource();
        var listener = ListenForAlertsAsync(events.Token);

        // Warm-up: every series through its detector's learning period (150 samples), and two alert bursts, before anything is timed.
        const int WarmupRounds = 220;
        var warm = Stopwatch.StartNew();
        var round = 0;
        long warmSamples = 0;
        for (; round < WarmupRounds; round++)
        {
            warmSamples += await SendRoundAsync(http, writer, round, cancellationToken);
        }

        output.WriteLine($"warmup: {WarmupRounds} rounds, {warmSamples / warm.Elapsed.TotalSeconds:F0} samples/s");

        var measured = Stopwatch.StartNew();
        long samples = 0;
        var firstMeasuredRound = round;
        while (measured.Elapsed < settings.Duration)
        {
            if (round == firstMeasuredRound + 5)
            {
                _shiftFromRound = round;
            }

            samples += await SendRoundAsync(http, writer, round, cancellationToken);
            round++;
        }

        var elapsed = measured.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await events.CancelAsync();
        await listener;

        var after = await MeasureHeapAsync(http, cancellationToken);
        var latencies = _latenciesMs.Order().ToArray();
        output.WriteLine(Line("series", settings.Series));
        output.WriteLine(Line("rounds_measured", round - firstMeasuredRound));
        output.WriteLine(Line("samples_per_sec", samples / elapsed.TotalSeconds));
        output.WriteLine(Line("heap_bytes_per_series", (after.HeapBytes - baseline.HeapBytes) / (double)settings.Series));
        output.WriteLine(Line("loh_bytes_after", after.LohBytes) + " " + Line("poh_bytes_after", after.PohBytes));
        output.WriteLine($"gc_collections_after={after.Collections} " + Line("gc_pause_ms_after", after.PauseMs));
        output.WriteLine(Line("rss_bytes_per_series", (after.ResidentBytes - baseline.ResidentBytes) / (double)settings.Series));
        output.WriteLine(Line("alerted_probes", latencies.Length) + $"/{settings.Probes}");
        if (latencies.Length > 0)
        {
            output.WriteLine(Line("sample_to_alert_p50_ms", Percentile(latencies, 0.50)));
            output.WriteLine(Line("sample_to_alert_p99_ms", Percentile(latencies, 0.99)));
        }

        return latencies.Length > 0 ? 0 : 1;
    }

    private static (string, string)[] Labels(int i) =>
    [
        ("__name__", "load_metric_" + (i / 100 % 10).ToString(CultureInfo.InvariantCulture)),
        ("job", "svc-" + (i % 100).ToString(CultureInfo.InvariantCulture)),
        ("instance", "inst-" + i.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>Normal values: 100 plus deterministic noise. Probe series (the first ones) shift by +60 from the
    /// shift round on. During warm-up, <see cref="WarmupBursts"/> bursts of other series shift for five rounds
    /// each, so the alert path (router, store, event stream) has handled bursts of the measured size and its code is
    /// compiled at full optimisation (tiered JIT promotes a method after 30 calls) before anything is timed: the
    /// figure is the steady state of a silo that has been alerting, not the first burst after start.</summary>
    private double Value(int series, int round)
    {
        var x = (ulong)((series * 2654435761L) ^ (round * 40503L));
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        var noise = ((x >> 11) * (1.0 / (1UL << 53)) * 6) - 3;
        var probe = series < settings.Probes && round >= _shiftFromRound;
        var burst = series < settings.Probes ? -1 : (series - settings.Probes) / WarmupBurstSeries;
        var warmupProbe = burst >= 0 && burst < WarmupBursts && round - WarmupFirstRound - (burst * WarmupBurstSpacing) is >= 0 and < 5;
        return 100 + noise + (probe || warmupProbe ? 60 : 0);
    }

    /// <summary>Alert bursts during warm-up, and the series in each.</summary>
    private const int WarmupBursts = 2;
    private const int WarmupBurstSeries = 100;

    /// <summary>The warm-up round in which the first burst starts, and the rounds between bursts.</summary>
    private const int WarmupFirstRound = 155;
    private const int WarmupBurstSpacing = 25;

    private async Task<long> SendRoundAsync(HttpClient http, RemoteWriteRequestWriter writer, int round, CancellationToken cancellationToken)
    {
        var chunks = (settings.Series + settings.Batch - 1) / settings.Batch;
        var next = -1;
        long sent = 0;
        var timestamp = _t0 + (round * RoundMs);
        await Task.WhenAll(Enumerable.Range(0, settings.Connections).Select(_ => Task.Run(async () =>
        {
            var buffer = new ArrayBufferWriter<byte>(settings.Batch * 96);
            int chunk;
            while ((chunk = Interlocked.Increment(ref next)) < chunks)
            {
                var first = chunk * settings.Batch;
                var count = Math.Min(settings.Batch, settings.Series - first);
                buffer.ResetWrittenCount();
                writer.Write(buffer, first, count, timestamp, i => Value(i, round));
                var body = IronSnappy.Snappy.Encode(buffer.WrittenSpan);
                var sentAt = Stopwatch.GetTimestamp();
                if (first < settings.Probes && round >= _shiftFromRound)
                {
                    for (var p = first; p < Math.Min(first + count, settings.Probes); p++)
                    {
                        _probeSends[(p, round)] = sentAt;
                    }
                }

                await PostAsync(http, body, cancellationToken);
                Interlocked.Add(ref sent, count);
            }
        }, cancellationToken)));
        return sent;
    }

    private static async Task PostAsync(HttpClient http, byte[] body, CancellationToken cancellationToken)
    {
        while (true)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            content.Headers.ContentEncoding.Add("snappy");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write") { Content = content };
            request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // Back-pressure: wait as told, then send the same request again, as Prometheus does.
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), cancellationToken);
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"remote_write answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            return;
        }
    }

    /// <summary>Reads the SSE stream; each first firing anomaly alert of a probe series gives one latency.</summary>
    private async Task ListenForAlertsAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = silo, Timeout = Timeout.InfiniteTimeSpan };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var stream = await http.GetStreamAsync(new Uri("/api/v1/events", UriKind.Relative), cancellationToken);
            using var reader = new StreamReader(stream);
            string? type = null;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && type == "firing")
                {
                    var arrived = Stopwatch.GetTimestamp();
                    using var json = JsonDocument.Parse(line[6..]);
                    if (!json.RootElement.TryGetProperty("alert", out var alert) || alert.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var seriesId = alert.GetProperty("seriesId").GetString() ?? "";
                    var instance = seriesId[(seriesId.IndexOf("inst-", StringComparison.Ordinal) + 5)..seriesId.LastIndexOf('"')];
                    if (!int.TryParse(instance, NumberStyles.Integer, CultureInfo.InvariantCulture, out var series) || series >= settings.Probes || !seen.Add(seriesId))
                    {
                        continue;
                    }

                    var startsAt = alert.GetProperty("startsAt").GetDateTimeOffset().ToUnixTimeMilliseconds();
                    var round = (int)((startsAt - _t0) / RoundMs);
                    if (round >= _shiftFromRound && _probeSends.TryGetValue((series, round), out var sentAt))
                    {

                        _latenciesMs.Add(Stopwatch.GetElapsedTime(sentAt, arrived).TotalMilliseconds);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The run is over.
        }
    }

    private static async Task<(long HeapBytes, long ResidentBytes, long LohBytes, long PohBytes, string Collections, double PauseMs)> MeasureHeapAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsync(new Uri("/api/v1/diagnostics/gc", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var report = await response.Content.ReadFromJsonAsync<JsonElement>(s_json, cancellationToken);
        return (report.GetProperty("heapBytes").GetInt64(), report.GetProperty("residentBytes").GetInt64(),
            report.GetProperty("largeObjectHeapBytes").GetInt64(), report.GetProperty("pinnedObjectHeapBytes").GetInt64(),
            string.Join('/', report.GetProperty("collections").EnumerateArray().Select(c => c.GetInt32())), report.GetProperty("pauseMilliseconds").GetDouble());
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Line(string name, double value) => name + "=" + value.ToString("F0", CultureInfo.InvariantCulture);
}
