using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Ingestion;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Ingestion;

/// <summary>
/// The shared path of the ingestion endpoints: read the body within its limits, decode, hand the batch to the
/// <see cref="ISampleSink"/>, count, and turn every failure into problem details. A 2xx is only ever produced after
/// the sink returned, so every acknowledged sample reached its grain.
/// </summary>
internal sealed partial class IngestionPipeline(
    IOptions<IngestionOptions> options,
    IngestionStatistics statistics,
    IServiceProvider services,
    ILogger<IngestionPipeline> logger)
{
    /// <summary>Runs one request. <paramref name="decode"/> turns the body into the protocol's result, <paramref name="batchOf"/>
    /// picks the batch out of it.</summary>
    public async Task<IngestAttempt<T>> RunAsync<T>(HttpContext http, IngestProtocol protocol, bool decodeContentEncoding,
        Func<RequestBody, T> decode, Func<T, DecodedBatch> batchOf, CancellationToken cancellationToken)
    {
        var decodedSamples = 0;
        try
        {
            T decoded;
            using (var body = await RequestBody.ReadAsync(http.Request, options.Value, decodeContentEncoding, cancellationToken).ConfigureAwait(false))
            {
                decoded = decode(body);
            }

            var batch = batchOf(decoded);
            decodedSamples = batch.Samples;
            IngestOutcome outcome;
            if (batch.Series.Count == 0)
            {
                outcome = new IngestOutcome(0, 0, 0, 0);
            }
            else
            {
                var sink = services.GetService<ISampleSink>();
                if (sink is null)
                {
                    return Refuse<T>(protocol, IngestRequestResult.Unavailable, decodedSamples, IngestionProblems.Unavailable());
                }

                outcome = await sink.WriteAsync(batch.Series, cancellationToken).ConfigureAwait(false);
            }

            statistics.RecordAccepted(protocol, batch, outcome);
            return new IngestAttempt<T>(decoded, outcome, null);
        }
        catch (IngestValidationException e)
        {
            LogRefused(protocol, 400, e.Message);
            return Refuse<T>(protocol, IngestRequestResult.Invalid, decodedSamples, IngestionProblems.Invalid(e));
        }
        catch (IngestTooLargeException e)
        {
            LogRefused(protocol, 413, e.Message);
            return Refuse<T>(protocol, IngestRequestResult.TooLarge, decodedSamples, IngestionProblems.TooLarge(e));
        }
        catch (UnsupportedMediaException e)
        {
            return Refuse<T>(protocol, IngestRequestResult.Unsupported, decodedSamples, IngestionProblems.Unsupported(e.Message));
        }
        catch (IngestRejectedException e)
        {
            LogRefused(protocol, 400, e.Message);
            return Refuse<T>(protocol, IngestRequestResult.Invalid, decodedSamples, IngestionProblems.Rejected(e.Field, e.Message));
        }
        catch (IngestOverloadedException e)
        {
            http.Response.Headers.RetryAfter = IngestionProblems.RetryAfterSeconds(e.RetryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Refuse<T>(protocol, IngestRequestResult.Overloaded, decodedSamples, IngestionProblems.Overloaded(e.RetryAfter));
        }
    }

    /// <summary>Counts a request refused before the pipeline ran (content type).</summary>
    public ProblemHttpResult Unsupported(IngestProtocol protocol, string message)
    {
        statistics.RecordRefused(protocol, IngestRequestResult.Unsupported);
        return IngestionProblems.Unsupported(message);
    }

    private IngestAttempt<T> Refuse<T>(IngestProtocol protocol, IngestRequestResult result, int samples, ProblemHttpResult problem)
    {
        statistics.RecordRefused(protocol, result, samples);
        return new IngestAttempt<T>(default, null, problem);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Protocol} request refused with {Status}: {Reason}")]
    private partial void LogRefused(IngestProtocol protocol, int status, string reason);
}

/// <summary>The end of one ingestion request: the decoded result and the sink's outcome, or a problem.</summary>
internal readonly record struct IngestAttempt<T>(T? Decoded, IngestOutcome? Outcome, ProblemHttpResult? Problem);
