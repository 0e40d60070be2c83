using System.Globalization;
using System.Text;
using EnterpriseHub.Incidents.Playbooks;

namespace EnterpriseHub.Incidents.Actions;

/// <summary>
/// <c>http</c>: one HTTP request. Inputs: <c>url</c> (required), <c>method</c> (GET), <c>body</c>, <c>content_type</c>
/// (application/json), <c>header.NAME</c>, <c>expect_status</c> (<c>2xx</c>, or codes and classes separated by
/// commas). Outputs: <c>status</c> and <c>body</c> (first 4 KB). The step's retries run through Polly in the engine.
/// </summary>
public sealed class HttpAction(HttpClient http) : IPlaybookAction
{
    private const int MaxBody = 4096;

    /// <inheritdoc />
    public string Type => "http";

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(IReadOnlyDictionary<string, string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var problems = new List<string>();
        Inputs.Require(inputs, "url", problems);
        Inputs.Url(inputs, "url", problems);
        Inputs.OneOf(inputs, "method", ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"], problems);
        foreach (var key in inputs.Keys)
        {
            if (key is not ("url" or "method" or "body" or "content_type" or "expect_status") && !key.StartsWith("header.", StringComparison.Ordinal))
            {
                problems.Add($"unknown input '{key}'");
            }
        }

        return problems;
    }

    /// <inheritdoc />
    public async Task<ActionResult> ExecuteAsync(ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var inputs = request.Inputs;
        using var message = new HttpRequestMessage(new HttpMethod(inputs.GetValueOrDefault("method", "GET")), new Uri(inputs["url"]));
        if (inputs.TryGetValue("body", out var body))
        {
            message.Content = new StringContent(body, Encoding.UTF8, inputs.GetValueOrDefault("content_type", "application/json"));
        }

        foreach (var (key, value) in inputs)
        {
            if (key.StartsWith("header.", StringComparison.Ordinal))
            {
                message.Headers.TryAddWithoutValidation(key["header.".Length..], value);
            }
        }

        message.Headers.TryAddWithoutValidation("X-Ehub-Incident", request.IncidentId);
        using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var code = (int)response.StatusCode;
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["status"] = code.ToString(CultureInfo.InvariantCulture),
            ["body"] = text.Length > MaxBody ? text[..MaxBody] : text,
        };
        if (Expected(code, inputs.GetValueOrDefault("expect_status", "2xx")))
        {
            return ActionResult.Ok(outputs);
        }

        var failure = code switch
        {
            429 => FailureClass.Status429,
            >= 500 => FailureClass.Status5xx,
            _ => FailureClass.Status4xx,
        };
        return ActionResult.Fail($"HTTP {code} from {message.RequestUri}", failure, outputs);
    }

    private static bool Expected(int code, string expect)
    {
        foreach (var part in expect.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Length == 3 && part.EndsWith("xx", StringComparison.OrdinalIgnoreCase) && char.IsDigit(part[0]) && code / 100 == part[0] - '0')
            {
                return true;
            }

            if (Inputs.Int(part) == code)
            {
                return true;
            }
        }

        return false;
    }
}
