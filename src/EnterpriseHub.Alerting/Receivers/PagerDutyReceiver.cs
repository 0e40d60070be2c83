using System.Net.Http.Headers;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>Sends PagerDuty Events API v2 events (see <see cref="PagerDutyEvent"/>).</summary>
public sealed class PagerDutyReceiver(HttpClient http, PagerDutyIntegration integration, string externalUrl) : IAlertReceiver
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <inheritdoc />
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = new ByteArrayContent(PagerDutyEvent.Write(notification, integration, externalUrl));
        body.Headers.ContentType = s_json;
        using var request = new HttpRequestMessage(HttpMethod.Post, integration.Url) { Content = body };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await AlertDeliveryException.ThrowIfFailedAsync(response, $"PagerDuty {integration.Url.GetLeftPart(UriPartial.Path)}", cancellationToken).ConfigureAwait(false);
    }
}
