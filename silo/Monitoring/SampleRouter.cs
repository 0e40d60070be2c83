using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Abstractions.Metrics;
using EnterpriseHub.Ingestion;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Monitoring;

/// <summary>
/// Hands each series of a decoded request to its metric grain and waits until every grain has applied its samples,
/// so a 2xx means nothing is lost. Past <see cref="SampleRouterOptions.MaxInFlightSamples"/> it refuses with
/// <see cref="IngestOverloadedException"/> (429) instead of queueing without bound.
/// </summary>
public sealed class SampleRouter(SeriesIndex index, IOptionsMonitor<SampleRouterOptions> options, IOptionsMonitor<IngestionOptions> limits) : ISampleSink
{
    private long _inFlight;

    /// <inheritdoc />
    public async ValueTask<IngestOutcome> WriteAsync(IReadOnlyList<SeriesSamples> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var settings = options.CurrentValue;
        var samples = 0;
        foreach (var series in batch)
        {
            samples += series.Samples.Length;
        }

        if (Interlocked.Add(ref _inFlight, samples) > settings.MaxInFlightSamples && Volatile.Read(ref _inFlight) != samples)
        {
            Interlocked.Add(ref _inFlight, -samples);
            throw new IngestOverloadedException(TimeSpan.FromSeconds(settings.RetryAfterSeconds));
        }

        try
        {
            var entries = index.Resolve(batch, limits.CurrentValue.MaxSeriesPerService);

            // Every grain call is sent before the first is awaited, so the series are applied in parallel. Each
            // ValueTask is awaited exactly once below.
#pragma warning disable CA2012
            var pending = new ValueTask<IngestCounts>[entries.Length];
            for (var i = 0; i < entries.Length; i++)
            {
                pending[i] = entries[i].Grain.Ingest(batch[i].Samples);
            }
#pragma warning restore CA2012

            int accepted = 0, outOfOrder = 0, duplicates = 0;
            for (var i = 0; i < pending.Length; i++)
            {
                var counts = await pending[i].ConfigureAwait(false);
                entries[i].Update(counts);
                accepted += counts.Accepted;
                outOfOrder += counts.OutOfOrder;
                duplicates += counts.Duplicates;
            }

            return new IngestOutcome(batch.Count, accepted, outOfOrder, duplicates);
        }
        finally
        {
            Interlocked.Add(ref _inFlight, -samples);
        }
    }
}
