using System.Net.Http.Headers;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>POSTs Alertmanager's webhook payload (version 4) to a URL.</summary>
public sealed class WebhookReceiver(HttpClient http, WebhookIntegration integration, string externalUrl) : IAlertReceiver
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    /// <inheritdoc />
    public async Task SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = new ByteArrayContent(WebhookPayload.Write(notification, externalUrl, integration.MaxAlerts));
        body.Headers.ContentType = s_json;
        using var request = new HttpRequestMessage(HttpMethod.Post, integration.Url) { Content = body };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        await AlertDeliveryException.ThrowIfFailedAsync(response, $"webhook {integration.Url.GetLeftPart(UriPartial.Path)}", cancellationToken).ConfigureAwait(false);
    }
}
