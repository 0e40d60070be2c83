using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Abstractions.Metrics;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Demo;

/// <summary>
/// Feeds the demo series into the silo: a warm history first, then a sample per series every interval, with an
/// incident injected every few minutes (latency creep, error spike, disk filling up). Samples go through the same
/// sink as ingested ones, so series, anomalies and predictive alerts appear exactly as they would for agents.
/// </summary>
public sealed class DemoWorkload(ISampleSink sink, IOptions<DemoOptions> options, TimeProvider time, ILogger<DemoWorkload> logger) : BackgroundService
{
    private static readonly DemoIncident[] s_incidents = Enum.GetValues<DemoIncident>();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var started = time.GetUtcNow();
        var step = settings.Interval;
        var first = Align(started - settings.Backfill, step);
        var now = Align(started, step);
        logger.LogInformation("Demo: backfilling {Hours:F1} h of {Count} series, then a sample every {Interval}; first incident in {First}",
            settings.Backfill.TotalHours, DemoScenario.Series.Count, step, settings.FirstIncidentAfter);

        const int ChunkSteps = 500;
        for (var t = first; t < now; t += step * ChunkSteps)
        {
            var end = t + (step * ChunkSteps) < now ? t + (step * ChunkSteps) : now;
            await sink.WriteAsync(Batch(t, end, step, settings, started), stoppingToken).ConfigureAwait(false);
        }

        using var timer = new PeriodicTimer(step, time);
        var next = now;
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var until = time.GetUtcNow();
            if (next > until)
            {
                continue;
            }

            try
            {
                await sink.WriteAsync(Batch(next, until + TimeSpan.FromTicks(1), step, settings, started), stoppingToken).ConfigureAwait(false);
            }
            catch (IngestOverloadedException)
            {
                // The silo is saturated; the demo skips this tick rather than pile up.
            }

            next = Align(until, step) + step;
        }
    }

    private static List<SeriesSamples> Batch(DateTimeOffset from, DateTimeOffset to, TimeSpan step, DemoOptions settings, DateTimeOffset started)
    {
        var batch = new List<SeriesSamples>(DemoScenario.Series.Count);
        for (var i = 0; i < DemoScenario.Series.Count; i++)
        {
            var samples = new List<Sample>();
            for (var t = from; t < to; t += step)
            {
                var (incident, into) = IncidentAt(t, settings, started);
                samples.Add(new Sample(t.ToUnixTimeMilliseconds(), DemoScenario.Value(i, t, incident, into)));
            }

            batch.Add(new SeriesSamples(DemoScenario.Series[i].Series, [.. samples]));
        }

        return batch;
    }

    /// <summary>The incident running at <paramref name="t"/>: they take turns, one every <see cref="DemoOptions.IncidentEvery"/>.</summary>
    private static (DemoIncident? Incident, TimeSpan Into) IncidentAt(DateTimeOffset t, DemoOptions settings, DateTimeOffset started)
    {
        var since = t - (started + settings.FirstIncidentAfter);
        if (since < TimeSpan.Zero)
        {
            return (null, TimeSpan.Zero);
        }

        var slot = (long)(since / settings.IncidentEvery);
        return (s_incidents[slot % s_incidents.Length], since - (settings.IncidentEvery * slot));
    }

    private static DateTimeOffset Align(DateTimeOffset t, TimeSpan step) => new(t.UtcTicks - (t.UtcTicks % step.Ticks), TimeSpan.Zero);
}
