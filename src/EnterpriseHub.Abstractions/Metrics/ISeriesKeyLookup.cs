namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>Finds the already-built key of a series by its id, so a silo keeps one copy of each series' identity
/// (the ingestion index's) instead of one per component.</summary>
public interface ISeriesKeyLookup
{
    /// <summary>The key with id <paramref name="id"/>, or null when the silo has not seen the series.</summary>
    SeriesKey? Find(string id);
}
