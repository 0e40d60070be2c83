namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>Decodes OTLP/HTTP metrics requests in protobuf or JSON into series. Thread-safe.</summary>
public sealed class OtlpMetricsDecoder(IngestionOptions options)
{
    /// <summary>Decodes a protobuf <c>ExportMetricsServiceRequest</c>.</summary>
    public OtlpDecodeResult DecodeProtobuf(ReadOnlySpan<byte> body) => new OtlpProtobufDecoder(options).Decode(body);

    /// <summary>Decodes an OTLP/JSON <c>ExportMetricsServiceRequest</c>.</summary>
    public OtlpDecodeResult DecodeJson(ReadOnlyMemory<byte> body) => new OtlpJsonDecoder(options).Decode(body);
}
