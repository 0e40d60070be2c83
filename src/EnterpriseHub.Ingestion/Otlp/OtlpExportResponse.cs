using System.Buffers;
using System.Text.Json;
using EnterpriseHub.Ingestion.Protobuf;

namespace EnterpriseHub.Ingestion.Otlp;

/// <summary>
/// The OTLP <c>ExportMetricsServiceResponse</c>: empty on full success, else
/// <c>partial_success (1) { int64 rejected_data_points = 1; string error_message = 2; }</c>, in the request's encoding.
/// </summary>
public static class OtlpExportResponse
{
    /// <summary>The response in protobuf.</summary>
    public static byte[] Protobuf(long rejectedDataPoints, string? errorMessage)
    {
        if (rejectedDataPoints == 0 && string.IsNullOrEmpty(errorMessage))
        {
            return [];
        }

        var inner = new ArrayBufferWriter<byte>();
        ProtoWriter.Varint(inner, 1, (ulong)rejectedDataPoints);
        if (!string.IsNullOrEmpty(errorMessage))
        {
            ProtoWriter.String(inner, 2, errorMessage);
        }

        var outer = new ArrayBufferWriter<byte>();
        ProtoWriter.Bytes(outer, 1, inner.WrittenSpan);
        return outer.WrittenSpan.ToArray();
    }

    /// <summary>The response in OTLP/JSON (int64 as a decimal string).</summary>
    public static byte[] Json(long rejectedDataPoints, string? errorMessage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (rejectedDataPoints != 0 || !string.IsNullOrEmpty(errorMessage))
            {
                json.WriteStartObject("partialSuccess");
                json.WriteString("rejectedDataPoints", rejectedDataPoints.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!string.IsNullOrEmpty(errorMessage))
                {
                    json.WriteString("errorMessage", errorMessage);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
