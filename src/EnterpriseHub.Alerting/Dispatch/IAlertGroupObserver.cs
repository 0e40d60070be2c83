namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>Hears of every notification the router produces for a group flush, in the router's turn (so it must not
/// block: hand the work on). The incident engine registers one to open incidents keyed by the group key.</summary>
public interface IAlertGroupObserver
{
    /// <summary>A group flush produced <paramref name="notification"/>.</summary>
    void OnNotification(Notification notification);
}
