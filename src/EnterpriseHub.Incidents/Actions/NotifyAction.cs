using System.Net.Http.Headers;
using System.Text.Json;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Alerting.Receivers;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>
/// <c>notify</c>: tells someone. Inputs: <c>format</c> (<c>webhook</c>: a small JSON document with the incident,
/// step, message and alert; <c>alertmanager</c>: Alertmanager's webhook payload version 4; <c>pagerduty</c>: an
/// Events API v2 trigger), <c>url</c> (required except for pagerduty, which defaults to PagerDuty's endpoint),
/// <c>routing_key</c> (pagerduty), <c>message</c> (default: the alert's summary; in the Alertmanager payload it is the
/// <c>remediation</c> annotation, in PagerDuty's the text after <c>[FIRING:1] alertname (service): </c> in
/// <c>payload.summary</c>). The Alertmanager and PagerDuty bodies are written by the alerting receivers' own writers,
/// so a notify step looks to its receiver exactly like an alert notification; its group key is the incident's id, so
/// PagerDuty's <c>dedup_key</c> is the SHA-256 of that id and every notify step of one incident updates one PagerDuty
/// incident.
/// </summary>
public sealed class NotifyAction(HttpClient http, string externalUrl) : IPlaybookAction
{
    private static readonly string[] s_formats = ["webhook", "alertmanager", "pagerduty"];

    /// <inheritdoc />
    public string Type => "notify";

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        Inputs.OneOf(inputs, "format", s_formats, problems);
        var format = inputs.GetValueOrDefault("format", "webhook");
        if (format == "pagerduty")
        {
            Inputs.Require(inputs, "routing_key", problems);
        }
        else
        {
            Inputs.Require(inputs, "url", problems);
        }

        Inputs.Url(inputs, "url", problems);
        return problems;
    }

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inputs = request.Inputs;
        var format = inputs.GetValueOrDefault("format", "webhook");
        var message = inputs.GetValueOrDefault("message", request.Alert.Summary);
        var alert = request.Alert with
        {
            Annotations = new Dictionary<string, string>(request.Alert.Annotations) { ["incident"] = request.IncidentId, ["remediation"] = message },
        };
        var notification = new Notification(0, "playbook:" + request.Playbook, null, request.IncidentId, request.IncidentId,
            new Dictionary<string, string>(StringComparer.Ordinal), [alert], DateTimeOffset.UtcNow);
        byte[] body;
        Uri url;
        switch (format)
        {
            case "alertmanager":
                url = new Uri(inputs["url"]);
                body = WebhookPayload.Write(notification, externalUrl);
                break;
            case "pagerduty":
                url = inputs.TryGetValue("url", out var u) ? new Uri(u) : PagerDutyIntegration.DefaultUrl;
                var integration = new PagerDutyIntegration("notify", true, inputs["routing_key"], url, "EnterpriseHub", externalUrl, TimeSpan.FromSeconds(10));
                // PagerDuty shows only payload.summary in its incident list: it carries the step's message, so what
                // the playbook wants to say is not buried in custom_details.
                body = PagerDutyEvent.Write(notification with { Alerts = [alert with { Summary = message }] }, integration, externalUrl);
                break;
            default:
                url = new Uri(inputs["url"]);
                body = JsonSerializer.SerializeToUtf8Bytes(new
                {
                    incident = request.IncidentId,
                    playbook = request.Playbook,
                    step = request.Step,
                    message,
                    alert = new { name = alert.Name, severity = alert.Severity.ToString().ToLowerInvariant(), labels = alert.Labels, summary = alert.Summary },
                });
                break;
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
        var code = (int)response.StatusCode;
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return response.IsSuccessStatusCode
            ? ActionResult.Ok(outputs)
            : ActionResult.Fail($"HTTP {code} from {url}", code >= 500 ? FailureClass.Status5xx : code == 429 ? FailureClass.Status429 : FailureClass.Status4xx, outputs);
    }
}
