namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>What one integration last heard about one aggregation group: Alertmanager's notification log entry.</summary>
/// <param name="Firing">Fingerprints of the firing alerts it was told about.</param>
/// <param name="Resolved">Fingerprints of the resolved alerts it was told about.</param>
/// <param name="SentAt">When it was told.</param>
public sealed record NotificationLogEntry(IReadOnlyList<string> Firing, IReadOnlyList<string> Resolved, DateTimeOffset SentAt)
{
    /// <summary>
    /// Whether a flush with <paramref name="firing"/> and <paramref name="resolved"/> alerts must notify an
    /// integration whose last notification is <paramref name="last"/>, following Alertmanager's documented rules:
    /// notify at once about new firing alerts; about resolved ones only when the integration wants them
    /// (<paramref name="sendResolved"/>); when every alert it knew as firing resolved (so it can clear them); and
    /// otherwise only once <paramref name="repeatInterval"/> has passed since the last notification.
    /// </summary>
    public static bool NeedsUpdate(
        NotificationLogEntry? last,
        IReadOnlySet<string> firing,
        IReadOnlySet<string> resolved,
        bool sendResolved,
        TimeSpan repeatInterval,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(firing);
        ArgumentNullException.ThrowIfNull(resolved);
        if (last is null)
        {
            // Never notified: resolved alerts alone are news to nobody.
            return firing.Count > 0;
        }

        if (!firing.IsSubsetOf(last.Firing))
        {
            return true;
        }

        if (firing.Count == 0)
        {
            // Everything resolved. Tell the integration only if it still believes something fires; alerts that
            // fired and resolved between two flushes never reached it.
            return last.Firing.Count > 0;
        }

        if (sendResolved && !resolved.IsSubsetOf(last.Resolved))
        {
            return true;
        }

        return now - last.SentAt >= repeatInterval;
    }
}
