namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>The kinds of OTLP metric data (metrics.proto <c>Metric.data</c>).</summary>
internal enum OtlpMetricKind
{
    Gauge,
    Sum,
    Histogram,
    ExponentialHistogram,
    Summary,
}

/// <summary>A metric's descriptor as the wire carries it.</summary>
internal sealed class OtlpMetric
{
    public const int TemporalityDelta = 1;
    public const int TemporalityCumulative = 2;

    public string Name { get; set; } = string.Empty;

    public string Unit { get; set; } = string.Empty;

    public OtlpMetricKind Kind { get; set; }

    public int Temporality { get; set; }

    public bool IsMonotonic { get; set; }

    public void Reset()
    {
        Name = string.Empty;
        Unit = string.Empty;
        Kind = OtlpMetricKind.Gauge;
        Temporality = 0;
        IsMonotonic = false;
    }
}

/// <summary>
/// One data point of any kind, decoded from protobuf or JSON; reused across points of a request. Fields not used by
/// a kind stay at their reset values.
/// </summary>
internal sealed class OtlpDataPoint
{
    /// <summary>DataPointFlags.FLAG_NO_RECORDED_VALUE: the point marks the series as gone (OTLP's staleness marker).</summary>
    public const uint FlagNoRecordedValue = 1;

    public List<KeyValuePair<string, string>> Attributes { get; } = [];

    public ulong TimeUnixNano { get; set; }

    public uint Flags { get; set; }

    public bool HasValue { get; set; }

    public double Value { get; set; }

    public ulong Count { get; set; }

    public bool HasSum { get; set; }

    public double Sum { get; set; }

    public bool HasMin { get; set; }

    public double Min { get; set; }

    public bool HasMax { get; set; }

    public double Max { get; set; }

    public List<double> ExplicitBounds { get; } = [];

    public List<ulong> BucketCounts { get; } = [];

    public List<(double Quantile, double Value)> Quantiles { get; } = [];

    public int Scale { get; set; }

    public ulong ZeroCount { get; set; }

    public double ZeroThreshold { get; set; }

    public int PositiveOffset { get; set; }

    public List<ulong> PositiveCounts { get; } = [];

    public int NegativeOffset { get; set; }

    public List<ulong> NegativeCounts { get; } = [];

    public void Reset()
    {
        Attributes.Clear();
        TimeUnixNano = 0;
        Flags = 0;
        HasValue = false;
        Value = 0;
        Count = 0;
        HasSum = false;
        Sum = 0;
        HasMin = false;
        Min = 0;
        HasMax = false;
        Max = 0;
        ExplicitBounds.Clear();
        BucketCounts.Clear();
        Quantiles.Clear();
        Scale = 0;
        ZeroCount = 0;
        ZeroThreshold = 0;
        PositiveOffset = 0;
        PositiveCounts.Clear();
        NegativeOffset = 0;
        NegativeCounts.Clear();
    }
}
