namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>Decodes OTLP/HTTP metrics requests in protobuf or JSON into series. Thread-safe.</summary>
public sealed class OtlpMetricsDecoder(IngestionOptions options)
{
    // Cumulative histograms' previous buckets, across requests (their quantiles are the interval's).
    private readonly CumulativeHistograms _histograms = new();

    /// <summary>Decodes a protobuf <c>ExportMetricsServiceRequest</c>.</summary>
    public OtlpDecodeResult DecodeProtobuf(ReadOnlySpan<byte> body) => new OtlpProtobufDecoder(options, _histograms).Decode(body);

    /// <summary>Decodes an OTLP/JSON <c>ExportMetricsServiceRequest</c>.</summary>
    public OtlpDecodeResult DecodeJson(ReadOnlyMemory<byte> body) => new OtlpJsonDecoder(options, _histograms).Decode(body);
}
