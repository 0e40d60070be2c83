using System.Diagnostics;
using EnterpriseHub.Runtime.Filters;
using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>
/// One activation of a grain: its mailbox, its scheduler and its lifecycle.
/// </summary>
/// <remarks>
/// Turn-based execution without a custom TaskScheduler: the activation is its own
/// <see cref="SynchronizationContext"/> and thread-pool work item. While it runs, awaits inside grain code
/// capture it, so continuations come back as posted work and run one at a time, never in parallel. A
/// non-reentrant request holds the activation from its first line to its completion, so other requests wait
/// in the mailbox; interleaving requests (reentrant grains, [AlwaysInterleave], interleaving timers) may start
/// while one is suspended. Activation and deactivation are exclusive requests at the head of the same mailbox,
/// so ordering follows from one queue. All mutable scheduling state is guarded by <see cref="_lock"/>.
/// </remarks>
internal sealed partial class Activation : SynchronizationContext, IThreadPoolWorkItem, IGrainContext, IGrainActivationContext
{
    [ThreadStatic]
    private static Activation? t_current;

    private readonly GrainRuntime _runtime;
    private readonly DedicatedLane? _lane;
    private readonly Lock _lock = new();
    private Grain? _grain;
    private ActivationStatus _status;

    // Mailbox: an intrusive FIFO of requests (the request is the node), plus posted continuations.
    private GrainRequest? _head;
    private GrainRequest? _tail;
    private int _queued;
    private int _queuedInterleaving;
    private PostedWork? _workHead;
    private PostedWork? _workTail;

    private GrainRequest? _runningNormal;
    private List<GrainRequest>? _runningInterleaved;
    private bool _runningExclusive;
    private bool _scheduled;

    private List<GrainTimer>? _timers;
    private List<IPersistentStateLifecycle>? _states;
    private TaskCompletionSource? _deactivated;

    public Activation(GrainRuntime runtime, GrainClassRuntime grainClass, GrainId grainId)
    {
        _runtime = runtime;
        Class = grainClass;
        GrainId = grainId;
        _lane = grainClass.LaneFor(grainId);
        LastActiveTimestamp = runtime.TimeProvider.GetTimestamp();
        Append(new ActivateRequest(this));
    }

    /// <summary>The activation running on this thread, if any.</summary>
    internal static Activation? CurrentActivation => t_current;

    public GrainId GrainId { get; }

    public GrainClassRuntime Class { get; }

    public IGrainFactory GrainFactory => _runtime;

    /// <summary>Set by every turn that counts as activity; cleared by the collector, which then stamps
    /// <see cref="LastActiveTimestamp"/>. Keeps clock reads off the call path.</summary>
    internal volatile bool Touched;

    internal long LastActiveTimestamp;

    internal ActivationStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    internal int QueueLength => Volatile.Read(ref _queued);

    /// <summary>Queues a request. Returns false only when the activation is gone and the caller must look again.</summary>
    public bool TryEnqueue(GrainRequest request)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status == ActivationStatus.Invalid)
            {
                return false;
            }

            Append(request);
            schedule = ShouldScheduleLocked();
        }

        if (schedule)
        {
            Schedule(preferLocal: false);
        }

        return true;
    }

    /// <summary>Queues a timer tick; a tick that races the activation's end is dropped with its disposed timer.</summary>
    internal void EnqueueTimerTick(GrainRequest tick) => _ = TryEnqueue(tick);

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        var work = new PostedWork(d, state);
        bool schedule;
        lock (_lock)
        {
            if (_workTail is null)
            {
                _workHead = work;
            }
            else
            {
                _workTail.Next = work;
            }

            _workTail = work;
            schedule = !_scheduled;
            _scheduled = true;
        }

        if (schedule)
        {
            Schedule(preferLocal: true);
        }
    }

    /// <inheritdoc />
    public override SynchronizationContext CreateCopy() => this;

    /// <summary>Queues the activation to run: on its lane if its grain type has lanes, else the thread pool.</summary>
    private void Schedule(bool preferLocal)
    {
        if (_lane is { } lane)
        {
            lane.Enqueue(this);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal);
        }
    }

    /// <summary>Runs up to a batch of turns and continuations, then yields the thread.</summary>
    public void Execute()
    {
        var previousContext = t_current;
        var previousSync = SynchronizationContext.Current;
        t_current = this;
        SetSynchronizationContext(this);
        try
        {
            for (var budget = _runtime.TurnBatchSize; budget > 0; budget--)
            {
                PostedWork? work;
                GrainRequest? request = null;
                lock (_lock)
                {
                    work = _workHead;
                    if (work is not null)
                    {
                        _workHead = work.Next;
                        if (_workHead is null)
                        {
                            _workTail = null;
                        }
                    }
                    else
                    {
                        request = TakeRunnableLocked();
                        if (request is null)
                        {
                            _scheduled = false;
                            return;
                        }
                    }
                }

                if (work is not null)
                {
                    RunPosted(work);
                }
                else
                {
                    Start(request!);
                }
            }

            // Budget spent with work left: go to the back of the thread pool so other activations get a turn.
            Schedule(preferLocal: false);
        }
        finally
        {
            SetSynchronizationContext(previousSync);
            t_current = previousContext;
        }
    }

    private void RunPosted(PostedWork work)
    {
        try
        {
            work.Run();
        }
        catch (Exception ex)
        {
            // Continuations of async methods never throw; a raw Post callback might, and must not take the thread down.
            _runtime.Logger.LogError(ex, "A callback posted to grain {GrainId} threw", GrainId);
        }
    }

    private void Start(GrainRequest request)
    {
        if (request.CountsAsActivity)
        {
            Touched = true;
        }

        var started = Stopwatch.GetTimestamp();
        ValueTask pending;
        try
        {
            pending = _runtime.Filters is { } filters && request is not SystemRequest
                ? new ValueTask(new IncomingGrainCallContext(filters, GrainId, _grain!, request).Invoke())
                : request.RunAsync(_grain!);
        }
        catch (Exception ex)
        {
            Finish(request, started, ex);
            return;
        }

        if (!pending.IsCompleted)
        {
            _ = AwaitTurn(pending, request, started);
            return;
        }

        Exception? error = null;
        try
        {
            pending.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Finish(request, started, error);
    }

    private async Task AwaitTurn(ValueTask pending, GrainRequest request, long started)
    {
        Exception? error = null;
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        Finish(request, started, error);
    }

    private void Finish(GrainRequest request, long started, Exception? error)
    {
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (error is null)
        {
            request.Deliver();
        }
        else
        {
            request.SetException(error);
            if (request.Method.IsOneWay || request is SystemRequest)
            {
                _runtime.Logger.LogWarning(error, "{Method} on grain {GrainId} failed with no caller to tell", request.Method.MethodName, GrainId);
            }
        }

        if (request is not SystemRequest { IsLifecycle: true })
        {
            Class.Statistics.For(request.Method).Record(elapsed, error is not null);
        }

        bool schedule;
        lock (_lock)
        {
            switch (EffectiveKind(request))
            {
                case RequestKind.Exclusive:
                    _runningExclusive = false;
                    break;
                case RequestKind.Interleave:
                    _runningInterleaved!.Remove(request);
                    break;
                default:
                    _runningNormal = null;
                    break;
            }

            schedule = ShouldScheduleLocked();
        }

        if (schedule)
        {
            Schedule(preferLocal: true);
        }
    }

    private RequestKind EffectiveKind(GrainRequest request)
    {
        var kind = request.Kind;
        return kind == RequestKind.Normal && Class.IsReentrant ? RequestKind.Interleave : kind;
    }

    private void Append(GrainRequest request)
    {
        request.Next = null;
        if (_tail is null)
        {
            _head = request;
        }
        else
        {
            _tail.Next = request;
        }

        _tail = request;
        _queued++;
        if (EffectiveKind(request) == RequestKind.Interleave)
        {
            _queuedInterleaving++;
        }
    }

    private void PushFront(GrainRequest request)
    {
        request.Next = _head;
        _head = request;
        _tail ??= request;
        _queued++;
    }

    /// <summary>True when the activation is not scheduled and something could run now; marks it scheduled.</summary>
    private bool ShouldScheduleLocked()
    {
        if (_scheduled || (_workHead is null && !HasRunnableLocked()))
        {
            return false;
        }

        _scheduled = true;
        return true;
    }

    private bool HasRunnableLocked()
    {
        if (_head is null || _runningExclusive)
        {
            return false;
        }

        return EffectiveKind(_head) switch
        {
            RequestKind.Exclusive => _runningNormal is null && (_runningInterleaved is null || _runningInterleaved.Count == 0),
            RequestKind.Interleave => true,
            _ => _runningNormal is null || _queuedInterleaving > 0 || _head.IsCompleted,
        };
    }

    /// <summary>Removes and returns the next request that may start now, or null.</summary>
    private GrainRequest? TakeRunnableLocked()
    {
        if (_runningExclusive)
        {
            return null;
        }

        GrainRequest? previous = null;
        var candidate = _head;
        while (candidate is not null)
        {
            if (candidate.IsCompleted && candidate is not SystemRequest)
            {
                // Timed out while waiting: the caller has its answer, so the grain never sees the call.
                var next = candidate.Next;
                Unlink(previous, candidate);
                candidate = next;
                continue;
            }

            switch (EffectiveKind(candidate))
            {
                case RequestKind.Exclusive:
                    if (previous is null && _runningNormal is null && (_runningInterleaved is null || _runningInterleaved.Count == 0))
                    {
                        Unlink(null, candidate);
                        _runningExclusive = true;
                        return candidate;
                    }

                    // Nothing passes an exclusive request.
                    return null;

                case RequestKind.Interleave:
                    Unlink(previous, candidate);
                    (_runningInterleaved ??= new List<GrainRequest>(2)).Add(candidate);
                    return candidate;

                default:
                    if (_runningNormal is null && previous is null)
                    {
                        Unlink(null, candidate);
                        _runningNormal = candidate;
                        return candidate;
                    }

                    if (_queuedInterleaving == 0)
                    {
                        return null;
                    }

                    // Blocked behind a running call; look further for an interleaving request.
                    previous = candidate;
                    candidate = candidate.Next;
                    break;
            }
        }

        return null;
    }

    private void Unlink(GrainRequest? previous, GrainRequest request)
    {
        var next = request.Next;
        if (previous is null)
        {
            _head = next;
        }
        else
        {
            previous.Next = next;
        }

        if (ReferenceEquals(_tail, request))
        {
            _tail = previous;
        }

        request.Next = null;
        _queued--;
        if (EffectiveKind(request) == RequestKind.Interleave)
        {
            _queuedInterleaving--;
        }
    }

    /// <summary>A continuation posted by grain code through this synchronization context.</summary>
    private sealed class PostedWork(SendOrPostCallback callback, object? state)
    {
        public PostedWork? Next;

        public void Run() => callback(state);
    }
}

/// <summary>The lifecycle of an activation.</summary>
internal enum ActivationStatus
{
    /// <summary>Created; the activation request waits at the head of the mailbox.</summary>
    Activating,

    /// <summary>Serving calls.</summary>
    Valid,

    /// <summary>Deactivation requested or running; calls still queue and are handed on afterwards.</summary>
    Deactivating,

    /// <summary>Gone: removed from the runtime's table; calls must look again.</summary>
    Invalid,
}
