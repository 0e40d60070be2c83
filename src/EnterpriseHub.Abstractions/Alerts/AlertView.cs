namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>An alert as the router sees it: the latest state from its source and why it is muted, if it is.</summary>
/// <param name="Alert">The latest state the source sent (or the router derived, for a resolve timeout).</param>
/// <param name="UpdatedAt">When the router last heard of it, or, for history, when this state began.</param>
/// <param name="SilencedBy">Ids of the active silences that mute it.</param>
/// <param name="InhibitedBy">Fingerprints of the firing alerts that inhibit it.</param>
/// <param name="HistoryId">For history entries: the entry's id, increasing with time; null for active alerts.</param>
public sealed record AlertView(
    Alert Alert,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<string> SilencedBy,
    IReadOnlyList<string> InhibitedBy,
    long? HistoryId = null)
{
    /// <summary>True when a silence or an inhibition keeps it from receivers.</summary>
    public bool Muted => SilencedBy.Count > 0 || InhibitedBy.Count > 0;
}
