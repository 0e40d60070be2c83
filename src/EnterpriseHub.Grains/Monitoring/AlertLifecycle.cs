using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>What an evaluation changed.</summary>
public enum AlertTransition
{
    /// <summary>Nothing to report.</summary>
    None,

    /// <summary>The condition started holding; the alert is pending.</summary>
    Pending,

    /// <summary>The condition held for its <c>for</c> duration: the alert fires.</summary>
    Firing,

    /// <summary>The condition stopped holding (for <c>keep_firing_for</c>): the alert resolves.</summary>
    Resolved,

    /// <summary>A pending alert's condition stopped before it fired; it disappears without notifying.</summary>
    Cancelled,
}

/// <summary>
/// The Prometheus rule lifecycle of one alert: inactive → pending → firing → resolved, driven by sample time.
/// A condition must hold for <see cref="For"/> before firing; a firing alert keeps firing for
/// <see cref="KeepFiringFor"/> after the condition last held.
/// </summary>
public sealed class AlertLifecycle
{
    /// <summary>Creates the lifecycle of one alert.</summary>
    public AlertLifecycle(TimeSpan @for, TimeSpan keepFiringFor)
    {
        For = @for;
        KeepFiringFor = keepFiringFor;
    }

    /// <summary>How long the condition must hold before the alert fires.</summary>
    public TimeSpan For { get; }

    /// <summary>How long a firing alert keeps firing after its condition stops.</summary>
    public TimeSpan KeepFiringFor { get; }

    /// <summary>The state; null when inactive.</summary>
    public AlertState? State { get; private set; }

    /// <summary>When the condition started holding (pending since / firing since).</summary>
    public DateTimeOffset? ActiveSince { get; private set; }

    /// <summary>When the condition last held.</summary>
    public DateTimeOffset? LastTrue { get; private set; }

    /// <summary>When the alert resolved, for the resolved notification.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>Feeds one evaluation at sample time <paramref name="now"/>.</summary>
    public AlertTransition Evaluate(bool conditionHolds, DateTimeOffset now)
    {
        if (conditionHolds)
        {
            LastTrue = now;
            switch (State)
            {
                case null or AlertState.Resolved:
                    ActiveSince = now;
                    ResolvedAt = null;
                    if (For <= TimeSpan.Zero)
                    {
                        State = AlertState.Firing;
                        return AlertTransition.Firing;
                    }

                    State = AlertState.Pending;
                    return AlertTransition.Pending;
                case AlertState.Pending when now - ActiveSince!.Value >= For:
                    State = AlertState.Firing;
                    return AlertTransition.Firing;
                default:
                    return AlertTransition.None;
            }
        }

        switch (State)
        {
            case AlertState.Pending:
                State = null;
                ActiveSince = null;
                return AlertTransition.Cancelled;
            case AlertState.Firing when now - LastTrue!.Value >= KeepFiringFor:
                State = AlertState.Resolved;
                ResolvedAt = now;
                return AlertTransition.Resolved;
            default:
                return AlertTransition.None;
        }
    }

    /// <summary>Restores a lifecycle from a checkpoint.</summary>
    public void Restore(AlertState? state, DateTimeOffset? activeSince, DateTimeOffset? lastTrue)
    {
        State = state;
        ActiveSince = activeSince;
        LastTrue = lastTrue;
    }
}
