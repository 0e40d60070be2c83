using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Dispatch;

/// <summary>An active (pending or firing) alert in the router, with when it was last refreshed and why it is muted.</summary>
public sealed class TrackedAlert(Alert alert, DateTimeOffset updatedAt)
{
    /// <summary>The latest state from the source.</summary>
    public Alert Alert { get; set; } = alert;

    /// <summary>When the source last sent it; the resolve timeout runs from here.</summary>
    public DateTimeOffset UpdatedAt { get; set; } = updatedAt;

    /// <summary>Ids of the active silences that mute it, sorted.</summary>
    public IReadOnlyList<string> SilencedBy { get; set; } = [];

    /// <summary>Fingerprints of the firing alerts that inhibit it, sorted.</summary>
    public IReadOnlyList<string> InhibitedBy { get; set; } = [];

    /// <summary>The API's view of it.</summary>
    public AlertView ToView() => new(Alert, UpdatedAt, SilencedBy, InhibitedBy);
}
