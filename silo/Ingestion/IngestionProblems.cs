using EnterpriseHub.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnterpriseHub.Silo.Ingestion;

/// <summary>RFC 7807 problem details of the ingestion endpoints; <c>type</c> names the kind of failure.</summary>
internal static class IngestionProblems
{
    public const string InvalidType = "urn:ehub:problem:ingest:invalid";
    public const string TooLargeType = "urn:ehub:problem:ingest:too-large";
    public const string UnsupportedType = "urn:ehub:problem:ingest:unsupported-media-type";
    public const string OverloadedType = "urn:ehub:problem:ingest:overloaded";
    public const string UnavailableType = "urn:ehub:problem:ingest:unavailable";

    public static ProblemHttpResult Invalid(IngestValidationException e)
    {
        var extensions = new Dictionary<string, object?> { ["field"] = e.Field };
        if (e.Line is { } line)
        {
            extensions["line"] = line;
        }

        if (e.Index is { } index)
        {
            extensions["index"] = index;
        }

        if (e.Series is { } series)
        {
            extensions["series"] = series;
        }

        return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid samples", type: InvalidType, extensions: extensions);
    }

    public static ProblemHttpResult Rejected(string field, string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status400BadRequest, title: "Samples refused by a limit", type: InvalidType,
            extensions: new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult TooLarge(IngestTooLargeException e) =>
        TypedResults.Problem(e.Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large", type: TooLargeType,
            extensions: new Dictionary<string, object?> { ["limit"] = e.Limit, ["limitValue"] = e.Value });

    public static ProblemHttpResult Unsupported(string message) =>
        TypedResults.Problem(message, statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", type: UnsupportedType);

    public static ProblemHttpResult Overloaded(TimeSpan retryAfter) =>
        TypedResults.Problem($"Ingestion is saturated; retry after {RetryAfterSeconds(retryAfter)} s.", statusCode: StatusCodes.Status429TooManyRequests,
            title: "Ingestion saturated", type: OverloadedType);

    public static ProblemHttpResult Unavailable() =>
        TypedResults.Problem("No sample sink is configured on this silo; nothing was accepted.", statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Ingestion unavailable", type: UnavailableType);

    /// <summary>Whole seconds for a Retry-After header: rounded up, at least 1.</summary>
    public static long RetryAfterSeconds(TimeSpan retryAfter) => Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
}
