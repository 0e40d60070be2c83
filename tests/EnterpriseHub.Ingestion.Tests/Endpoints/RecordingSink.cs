using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Ingestion.Tests.Endpoints;

/// <summary>An <see cref="ISampleSink"/> that records every batch and answers as told.</summary>
public sealed class RecordingSink : ISampleSink
{
    private readonly List<IReadOnlyList<SeriesSamples>> _batches = [];

    /// <summary>What the sink answers; by default every sample accepted.</summary>
    public Func<IReadOnlyList<SeriesSamples>, IngestOutcome> Respond { get; set; } =
        batch => new IngestOutcome(batch.Count, batch.Sum(s => s.Samples.Length), 0, 0);

    public IReadOnlyList<IReadOnlyList<SeriesSamples>> Batches
    {
        get
        {
            lock (_batches)
            {
                return [.. _batches];
            }
        }
    }

    public ValueTask<IngestOutcome> WriteAsync(IReadOnlyList<SeriesSamples> batch, CancellationToken cancellationToken)
    {
        lock (_batches)
        {
            _batches.Add(batch);
        }

        return ValueTask.FromResult(Respond(batch));
    }
}
