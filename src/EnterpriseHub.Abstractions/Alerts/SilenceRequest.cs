namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>A silence to create or the new content of one to update.</summary>
/// <param name="Matchers">All must match an alert's labels for the silence to mute it.</param>
/// <param name="StartsAt">When it starts muting; null for now.</param>
/// <param name="EndsAt">When it stops muting.</param>
/// <param name="CreatedBy">Who made it; the API fills in the name of the caller's key when absent.</param>
/// <param name="Comment">Why.</param>
public sealed record SilenceRequest(
    IReadOnlyList<SilenceMatcher> Matchers,
    DateTimeOffset? StartsAt,
    DateTimeOffset EndsAt,
    string? CreatedBy,
    string? Comment);
