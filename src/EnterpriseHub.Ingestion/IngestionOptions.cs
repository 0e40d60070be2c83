using Microsoft.Extensions.Options;

namespace EnterpriseHub.Ingestion;

/// <summary>Limits of the ingestion endpoints (section <c>Ingestion</c>).</summary>
public sealed class IngestionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>Default <see cref="MaxBodyBytes"/>: 10 MiB.</summary>
    public const int DefaultMaxBodyBytes = 10 * 1024 * 1024;

    /// <summary>Default <see cref="MaxUncompressedBytes"/>: 64 MiB.</summary>
    public const int DefaultMaxUncompressedBytes = 64 * 1024 * 1024;

    /// <summary>Default <see cref="MaxSamplesPerRequest"/>.</summary>
    public const int DefaultMaxSamplesPerRequest = 100_000;

    /// <summary>Default <see cref="MaxSeriesPerService"/>.</summary>
    public const int DefaultMaxSeriesPerService = 10_000;

    /// <summary>Default <see cref="MaxLabelsPerSeries"/>.</summary>
    public const int DefaultMaxLabelsPerSeries = 32;

    /// <summary>Default <see cref="MaxLabelNameLength"/>.</summary>
    public const int DefaultMaxLabelNameLength = 128;

    /// <summary>Default <see cref="MaxLabelValueLength"/>.</summary>
    public const int DefaultMaxLabelValueLength = 1024;

    /// <summary>Default <see cref="SeriesCacheSize"/>.</summary>
    public const int DefaultSeriesCacheSize = 100_000;

    /// <summary>The largest request body accepted, as sent (compressed); larger bodies get 413.</summary>
    public int MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>The largest body after decompression (snappy, gzip, deflate); larger bodies get 413.</summary>
    public int MaxUncompressedBytes { get; set; } = DefaultMaxUncompressedBytes;

    /// <summary>The most samples one request may carry, skipped ones included; more gets 413.</summary>
    public int MaxSamplesPerRequest { get; set; } = DefaultMaxSamplesPerRequest;

    /// <summary>The most series one service may have; enforced by the sample sink, which knows the stored series.</summary>
    public int MaxSeriesPerService { get; set; } = DefaultMaxSeriesPerService;

    /// <summary>The most labels a series may keep, not counting the metric name and the service.</summary>
    public int MaxLabelsPerSeries { get; set; } = DefaultMaxLabelsPerSeries;

    /// <summary>The longest label name, in characters.</summary>
    public int MaxLabelNameLength { get; set; } = DefaultMaxLabelNameLength;

    /// <summary>The longest label value (and service and metric name), in characters.</summary>
    public int MaxLabelValueLength { get; set; } = DefaultMaxLabelValueLength;

    /// <summary>How many remote_write label sets the decoder remembers with their built series key.</summary>
    public int SeriesCacheSize { get; set; } = DefaultSeriesCacheSize;
}

/// <summary>Checks <see cref="IngestionOptions"/> at start-up.</summary>
public sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Positive(failures, nameof(IngestionOptions.MaxBodyBytes), options.MaxBodyBytes);
        Positive(failures, nameof(IngestionOptions.MaxUncompressedBytes), options.MaxUncompressedBytes);
        Positive(failures, nameof(IngestionOptions.MaxSamplesPerRequest), options.MaxSamplesPerRequest);
        Positive(failures, nameof(IngestionOptions.MaxSeriesPerService), options.MaxSeriesPerService);
        Positive(failures, nameof(IngestionOptions.MaxLabelsPerSeries), options.MaxLabelsPerSeries);
        Positive(failures, nameof(IngestionOptions.MaxLabelNameLength), options.MaxLabelNameLength);
        Positive(failures, nameof(IngestionOptions.MaxLabelValueLength), options.MaxLabelValueLength);
        Positive(failures, nameof(IngestionOptions.SeriesCacheSize), options.SeriesCacheSize);
        if (options.MaxUncompressedBytes < options.MaxBodyBytes)
        {
            failures.Add($"Ingestion:MaxUncompressedBytes ({options.MaxUncompressedBytes}) must be at least Ingestion:MaxBodyBytes ({options.MaxBodyBytes}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, int value)
    {
        if (value <= 0)
        {
            failures.Add($"Ingestion:{name} must be positive (was {value}).");
        }
    }
}
