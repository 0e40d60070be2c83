namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>A stored silence.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Matchers">All must match an alert's labels for it to mute the alert.</param>
/// <param name="StartsAt">When it starts muting.</param>
/// <param name="EndsAt">When it stops muting (set to the time of expiry when expired early).</param>
/// <param name="CreatedBy">Who made it.</param>
/// <param name="Comment">Why.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
/// <param name="Status">Its state at the time it was read.</param>
public sealed record SilenceRecord(
    string Id,
    IReadOnlyList<SilenceMatcher> Matchers,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    string CreatedBy,
    string Comment,
    DateTimeOffset UpdatedAt,
    SilenceState Status);

/// <summary>Where a silence is in its life, as in Alertmanager.</summary>
public enum SilenceState
{
    /// <summary>It starts in the future.</summary>
    Pending,

    /// <summary>It mutes matching alerts now.</summary>
    Active,

    /// <summary>It ended.</summary>
    Expired,
}
