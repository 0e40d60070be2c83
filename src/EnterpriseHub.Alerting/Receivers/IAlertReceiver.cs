using EnterpriseHub.Alerting.Dispatch;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>Sends notifications to one integration of a receiver (a webhook URL, a PagerDuty service).</summary>
public interface IAlertReceiver
{
    /// <summary>Sends one notification; throws <see cref="AlertDeliveryException"/> (or an I/O exception, which is
    /// retried) when the other side did not accept it.</summary>
    Task SendAsync(Notification notification, CancellationToken cancellationToken);
}
