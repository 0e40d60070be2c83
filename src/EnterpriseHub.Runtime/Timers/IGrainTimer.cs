namespace EnterpriseHub.Runtime;

/// <summary>A grain timer. Dispose it to stop it; deactivation disposes every timer of the activation.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick runs and the period after it.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Options of <see cref="Grain.RegisterGrainTimer{TState}"/>.</summary>
public sealed record GrainTimerCreationOptions
{
    /// <summary>Time until the first tick.</summary>
    public TimeSpan DueTime { get; init; }

    /// <summary>Time from the end of one tick's callback to the next tick; <see cref="Timeout.InfiniteTimeSpan"/> for one tick.</summary>
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>When true, ticks may interleave with other calls; otherwise a tick is an ordinary turn.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true, ticks count as activity and keep the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
