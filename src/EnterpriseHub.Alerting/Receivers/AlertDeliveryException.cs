namespace EnterpriseHub.Alerting.Receivers;

/// <summary>A receiver refused a notification. <see cref="Retryable"/> says whether trying again may help: server
/// errors and 429 may pass later; other client errors never will.</summary>
public sealed class AlertDeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlertDeliveryException(string message, bool retryable, Exception? innerException = null)
        : base(message, innerException)
    {
        Retryable = retryable;
    }

    /// <summary>Creates a retryable exception.</summary>
    public AlertDeliveryException()
    {
        Retryable = true;
    }

    /// <summary>Creates a retryable exception.</summary>
    public AlertDeliveryException(string message)
        : base(message)
    {
        Retryable = true;
    }

    /// <summary>Creates a retryable exception.</summary>
    public AlertDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Retryable = true;
    }

    /// <summary>Whether trying again may succeed.</summary>
    public bool Retryable { get; }

    /// <summary>Throws unless <paramref name="response"/> is a success; the message names the receiver and status.</summary>
    public static async Task ThrowIfFailedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length > 512)
        {
            body = body[..512];
        }

        throw new AlertDeliveryException($"{what} answered {status} {response.ReasonPhrase}: {body}", retryable: status >= 500 || status == 429);
    }
}
