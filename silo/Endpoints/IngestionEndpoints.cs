using EnterpriseHub.Ingestion;
using EnterpriseHub.Ingestion.Json;
using EnterpriseHub.Ingestion.Otlp;
using EnterpriseHub.Ingestion.RemoteWrite;
using EnterpriseHub.Silo.Ingestion;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>
/// Metric ingestion: Prometheus remote_write 1.0 at <c>POST /api/v1/write</c>, OTLP/HTTP metrics at
/// <c>POST /v1/metrics</c>, JSON or NDJSON samples at <c>POST /api/v1/samples</c>. All need an ingest key (or loopback).
/// </summary>
public static class IngestionEndpoints
{
    private const string Protobuf = "application/x-protobuf";
    private const string Json = "application/json";
    private const string Ndjson = "application/x-ndjson";

    /// <summary>Maps the three ingestion endpoints.</summary>
    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/v1/write", RemoteWrite)
            .RequireAuthorization(SiloPolicies.Ingest)
            .WithTags("Ingestion")
            .WithSummary("Prometheus remote_write 1.0 (snappy-compressed protobuf WriteRequest)")
            .Accepts<byte[]>(Protobuf);
        endpoints.MapPost("/v1/metrics", Otlp)
            .RequireAuthorization(SiloPolicies.Ingest)
            .WithTags("Ingestion")
            .WithSummary("OTLP/HTTP metrics (ExportMetricsServiceRequest, protobuf or JSON)")
            .Accepts<byte[]>(Protobuf, Json);
        endpoints.MapPost("/api/v1/samples", Samples)
            .RequireAuthorization(SiloPolicies.Ingest)
            .WithTags("Ingestion")
            .WithSummary("Samples as a JSON array or NDJSON of {service, metric, labels, timestamp, value}")
            .Accepts<SampleDocument[]>(Json, Ndjson);
        return endpoints;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoteWrite(HttpContext http, IngestionPipeline pipeline, RemoteWriteDecoder decoder, CancellationToken cancellationToken)
    {
        var request = http.Request;
        if (MediaType(request) is { } type)
        {
            if (!type.MediaType.Equals(Protobuf, StringComparison.OrdinalIgnoreCase))
            {
                return pipeline.Unsupported(IngestProtocol.RemoteWrite, $"Content-Type '{type}' is not supported; remote_write sends {Protobuf}.");
            }

            var proto = type.Parameters.FirstOrDefault(static p => p.Name.Equals("proto", StringComparison.OrdinalIgnoreCase))?.Value.ToString();
            if (proto is not null && proto != "prometheus.WriteRequest")
            {
                // Remote write 2.0 senders fall back to 1.0 on 415.
                return pipeline.Unsupported(IngestProtocol.RemoteWrite, $"Protobuf message '{proto}' is not supported; this endpoint reads remote_write 1.0 (prometheus.WriteRequest).");
            }
        }

        var encoding = request.Headers.ContentEncoding.ToString();
        if (encoding.Length > 0 && !encoding.Equals("snappy", StringComparison.OrdinalIgnoreCase))
        {
            return pipeline.Unsupported(IngestProtocol.RemoteWrite, $"Content-Encoding '{encoding}' is not supported; remote_write bodies are snappy-compressed.");
        }

        var attempt = await pipeline.RunAsync(http, IngestProtocol.RemoteWrite, decodeContentEncoding: false,
            body => decoder.Decode(body.Memory.Span), static batch => batch, cancellationToken).ConfigureAwait(false);
        return attempt.Problem is { } problem ? problem : TypedResults.NoContent();
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Otlp(HttpContext http, IngestionPipeline pipeline, OtlpMetricsDecoder decoder, CancellationToken cancellationToken)
    {
        var type = MediaType(http.Request)?.MediaType.ToString();
        bool json;
        if (string.Equals(type, Protobuf, StringComparison.OrdinalIgnoreCase))
        {
            json = false;
        }
        else if (string.Equals(type, Json, StringComparison.OrdinalIgnoreCase))
        {
            json = true;
        }
        else
        {
            return pipeline.Unsupported(IngestProtocol.Otlp, $"Content-Type '{type}' is not supported; OTLP/HTTP sends {Protobuf} or {Json}.");
        }

        var attempt = await pipeline.RunAsync(http, IngestProtocol.Otlp, decodeContentEncoding: true,
            body => json ? decoder.DecodeJson(body.Memory) : decoder.DecodeProtobuf(body.Memory.Span), static result => result.Batch, cancellationToken).ConfigureAwait(false);
        if (attempt.Problem is { } problem)
        {
            return problem;
        }

        var result = attempt.Decoded!;
        return json
            ? TypedResults.Bytes(OtlpExportResponse.Json(result.RejectedDataPoints, result.ErrorMessage), Json)
            : TypedResults.Bytes(OtlpExportResponse.Protobuf(result.RejectedDataPoints, result.ErrorMessage), Protobuf);
    }

    private static async Task<Results<Ok<SampleWriteResult>, ProblemHttpResult>> Samples(HttpContext http, IngestionPipeline pipeline, SampleJsonDecoder decoder, CancellationToken cancellationToken)
    {
        var type = MediaType(http.Request)?.MediaType.ToString();
        bool ndjson;
        if (type is null || string.Equals(type, Json, StringComparison.OrdinalIgnoreCase))
        {
            ndjson = false;
        }
        else if (string.Equals(type, Ndjson, StringComparison.OrdinalIgnoreCase) || string.Equals(type, "application/jsonl", StringComparison.OrdinalIgnoreCase))
        {
            ndjson = true;
        }
        else
        {
            return pipeline.Unsupported(IngestProtocol.Json, $"Content-Type '{type}' is not supported; send {Json} (an array) or {Ndjson}.");
        }

        var attempt = await pipeline.RunAsync(http, IngestProtocol.Json, decodeContentEncoding: true,
            body => decoder.Decode(body.Memory.Span, ndjson), static batch => batch, cancellationToken).ConfigureAwait(false);
        if (attempt.Problem is { } problem)
        {
            return problem;
        }

        var outcome = attempt.Outcome!;
        return TypedResults.Ok(new SampleWriteResult(outcome.Series, outcome.Accepted, outcome.OutOfOrder, outcome.Duplicates, attempt.Decoded!.Skipped));
    }

    private static MediaTypeHeaderValue? MediaType(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type : null;
}

/// <summary>The answer to <c>POST /api/v1/samples</c>.</summary>
/// <param name="Series">Series in the request.</param>
/// <param name="Accepted">Samples applied.</param>
/// <param name="OutOfOrder">Samples older than their series' newest, dropped.</param>
/// <param name="Duplicates">Samples whose timestamp their series already had, dropped.</param>
/// <param name="Skipped">Samples skipped while decoding (none for this format; it refuses non-finite values).</param>
public sealed record SampleWriteResult(int Series, int Accepted, int OutOfOrder, int Duplicates, int Skipped);

/// <summary>One sample of <c>POST /api/v1/samples</c> (documentation of the wire shape; the decoder reads the bytes).</summary>
/// <param name="Service">The service.</param>
/// <param name="Metric">The metric name, <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</param>
/// <param name="Labels">Other labels (optional).</param>
/// <param name="Timestamp">RFC 3339 with a time zone, or unix milliseconds.</param>
/// <param name="Value">A finite number of magnitude at most 1e100 (<see cref="EnterpriseHub.Detection.SampleValues"/>).</param>
public sealed record SampleDocument(string Service, string Metric, IReadOnlyDictionary<string, string>? Labels, string Timestamp, double Value);
