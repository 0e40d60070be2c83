namespace EnterpriseHub.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates instances (through generated activators), runs
/// one turn at a time on each, and calls <see cref="OnActivateAsync"/> and <see cref="OnDeactivateAsync"/>.
/// </summary>
public abstract class Grain
{
    [ThreadStatic]
    private static IGrainContext? t_constructing;

    private readonly IGrainContext? _context;

    /// <summary>Binds the grain to the activation being created.</summary>
    protected Grain()
    {
        _context = t_constructing;
    }

    /// <summary>This grain's identity.</summary>
    public GrainId GrainId => Context.GrainId;

    /// <summary>Creates references to other grains.</summary>
    protected IGrainFactory GrainFactory => Context.GrainFactory;

    private IGrainContext Context => _context ?? throw new InvalidOperationException(
        $"{GetType().Name} was not created by the grain runtime; grains are activated by calling them through IGrainFactory.");

    /// <summary>This grain's string key.</summary>
    public string GetPrimaryKeyString() => Context.GrainId.Key;

    /// <summary>Called once per activation, after persistent state is loaded and before the first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called once when the activation is deactivated; persistent state that changed is written after it.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Asks the runtime to deactivate this activation when the current turn ends.
    /// Later calls reach a fresh activation.</summary>
    protected void DeactivateOnIdle() => Context.DeactivateOnIdle();

    /// <summary>Registers a timer whose callback runs as a grain turn; ticks never overlap.</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Context.RegisterTimer(callback, state, options);
    }

    /// <summary>Registers a timer whose callback runs as a grain turn; ticks never overlap.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return Context.RegisterTimer(
            static (cb, ct) => cb(ct),
            callback,
            new GrainTimerCreationOptions { DueTime = dueTime, Period = period });
    }

    /// <summary>Creates a grain inside the scope that binds it to <paramref name="context"/>.</summary>
    internal static Grain Construct(IGrainContext context, Func<Grain> create)
    {
        var previous = t_constructing;
        t_constructing = context;
        try
        {
            return create();
        }
        finally
        {
            t_constructing = previous;
        }
    }
}
