using System.Globalization;
using System.Text;
using EnterpriseHub.Alerting.Storage;
using Microsoft.AspNetCore.Http.Features;

namespace EnterpriseHub.Silo.Alerting;

/// <summary>
/// Streams the alert event log as server-sent events from the event after <c>start</c>: every event is read from
/// the store (the feed only says when to look), written with its id, its type as the event name and its JSON as
/// data. While nothing happens a comment line goes out every keep-alive interval, so proxies keep the connection
/// and the client notices a dead one.
/// </summary>
public sealed class AlertEventStream(AlertStore store, AlertEventFeed feed, long start, TimeSpan keepAlive) : IResult
{
    /// <summary>The SSE media type.</summary>
    public const string ContentType = "text/event-stream";

    /// <summary>Events read from the store at a time.</summary>
    public const int BatchSize = 256;

    private static readonly byte[] s_keepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        var cancellation = httpContext.RequestAborted;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var last = start;
        try
        {
            // The reconnection delay hint comes first, and flushing it sends the headers at once.
            await response.WriteAsync("retry: 2000\n\n", cancellation).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
            while (!cancellation.IsCancellationRequested)
            {
                var changed = feed.NextChange();
                var events = store.ReadStoredEvents(last, BatchSize);
                if (events.Count > 0)
                {
                    // The batch as one write: one trip through the response pipe instead of one per event.
                    await response.Body.WriteAsync(Format(events), cancellation).ConfigureAwait(false);
                    last = events[^1].Id;
                }

                if (events.Count == BatchSize)
                {
                    continue;
                }

                await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                var idle = Task.Delay(keepAlive, cancellation);
                if (await Task.WhenAny(changed, idle).ConfigureAwait(false) == idle)
                {
                    await idle.ConfigureAwait(false);
                    await response.Body.WriteAsync(s_keepAlive, cancellation).ConfigureAwait(false);
                    await response.Body.FlushAsync(cancellation).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away; it resumes with the last id it got.
        }
    }

    /// <summary>Events in SSE framing, each with <c>id</c>, <c>event</c> and a single-line <c>data</c> (stored JSON
    /// has no line breaks).</summary>
    public static byte[] Format(IReadOnlyList<StoredAlertEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var text = new StringBuilder();
        foreach (var e in events)
        {
            text.Append(CultureInfo.InvariantCulture, $"id: {e.Id}\nevent: {e.Type}\ndata: {e.Json}\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
