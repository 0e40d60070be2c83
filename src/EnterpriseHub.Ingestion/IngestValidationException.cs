namespace EnterpriseHub.Ingestion;

/// <summary>
/// The request is malformed or breaks a per-series limit. Carries what a problem details response names: the field,
/// and where known the line (NDJSON), the array index (JSON array) and the series.
/// </summary>
public sealed class IngestValidationException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="field">The offending field, for example <c>value</c>, <c>labels.region</c> or <c>body</c>.</param>
    /// <param name="message">A sentence a person can act on; it names the line or series where known.</param>
    /// <param name="series">The series in label form, where known.</param>
    /// <param name="line">The 1-based NDJSON line, where known.</param>
    /// <param name="index">The 0-based JSON array index, where known.</param>
    public IngestValidationException(string field, string message, string? series = null, int? line = null, int? index = null)
        : base(message)
    {
        Field = field;
        Series = series;
        Line = line;
        Index = index;
    }

    /// <summary>The offending field.</summary>
    public string Field { get; }

    /// <summary>The series, where known.</summary>
    public string? Series { get; }

    /// <summary>The 1-based NDJSON line, where known.</summary>
    public int? Line { get; }

    /// <summary>The 0-based JSON array index, where known.</summary>
    public int? Index { get; }
}

/// <summary>The request is larger than a configured limit (body bytes, uncompressed bytes or samples); maps to 413.</summary>
/// <param name="limit">The configuration key of the limit, for example <c>Ingestion:MaxBodyBytes</c>.</param>
/// <param name="value">The limit's value.</param>
/// <param name="message">A sentence naming the limit.</param>
public sealed class IngestTooLargeException(string limit, long value, string message) : Exception(message)
{
    /// <summary>The configuration key of the limit.</summary>
    public string Limit { get; } = limit;

    /// <summary>The limit's value.</summary>
    public long Value { get; } = value;
}
