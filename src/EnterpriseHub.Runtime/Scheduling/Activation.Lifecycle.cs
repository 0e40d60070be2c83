using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Placement;
using EnterpriseHub.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>Activation, deactivation, timers, persistent state and timeouts of an activation.</summary>
internal sealed partial class Activation
{
    private GrainAddress? _address;

    /// <summary>Completes when the activation is gone (deactivated or failed).</summary>
    internal Task Deactivated
    {
        get
        {
            lock (_lock)
            {
                return (_deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    void IGrainContext.DeactivateOnIdle() => RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    IGrainTimer IGrainContext.RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var timer = new GrainTimer(this, _runtime.TimeProvider, ct => callback(state, ct), options);
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                timer.Dispose();
                return timer;
            }

            (_timers ??= []).Add(timer);
        }

        return timer;
    }

    IPersistentState<TState> IGrainActivationContext.GetPersistentState<TState>(string stateName, string? storageName)
    {
        var state = new PersistentState<TState>(GrainId, stateName, _runtime.GetStorage(storageName), _runtime.SerializerOptions);
        (_states ??= []).Add(state);
        return state;
    }

    internal void OnTimerDisposed(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    /// <summary>Asks for deactivation after the running turn; calls that arrive meanwhile go to the next activation.</summary>
    internal Task RequestDeactivation(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            _deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                return _deactivated.Task;
            }

            _status = ActivationStatus.Deactivating;
            var deactivate = new DeactivateRequest(this, reason);
            if (_head is ActivateRequest && !_runningExclusive)
            {
                // Not activated yet: activate first so that OnDeactivateAsync sees a whole grain.
                deactivate.Next = _head.Next;
                _head.Next = deactivate;
                if (ReferenceEquals(_tail, _head))
                {
                    _tail = deactivate;
                }

                _queued++;
            }
            else
            {
                PushFront(deactivate);
            }

            schedule = ShouldScheduleLocked();
        }

        if (schedule)
        {
            Schedule(preferLocal: false);
        }

        return Deactivated;
    }

    /// <summary>Deactivates if nothing is queued or running; used by the idle collector.</summary>
    internal void DeactivateIfIdle(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_status != ActivationStatus.Valid || _head is not null || _runningNormal is not null || _runningExclusive
                || _runningInterleaved is { Count: > 0 } || Touched)
            {
                return;
            }
        }

        RequestDeactivation(reason);
    }

    internal async ValueTask ActivateAsync()
    {
        try
        {
            if (_runtime.Directory is not null)
            {
                var address = new GrainAddress(GrainId, _runtime.SiloAddress, Guid.NewGuid());
                var registered = await _runtime.Directory.RegisterAsync(address, CancellationToken.None).ConfigureAwait(true);
                if (registered != address)
                {
                    throw new InvalidOperationException($"Grain {GrainId} is already active on {registered.Silo}; remote activations need the cluster transport.");
                }

                _address = address;
            }

            _grain = Grain.Construct(this, () => Class.Descriptor.Activator(_runtime.Services, this));
            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    await state.ReadStateAsync(CancellationToken.None).ConfigureAwait(true);
                }
            }

            using var activationTimeout = new CancellationTokenSource(_runtime.ActivationTimeout);
            await _grain.OnActivateAsync(activationTimeout.Token).ConfigureAwait(true);
            lock (_lock)
            {
                if (_status == ActivationStatus.Activating)
                {
                    _status = ActivationStatus.Valid;
                }
            }
        }
        catch (Exception ex)
        {
            _runtime.Logger.LogError(ex, "Activation of grain {GrainId} failed", GrainId);
            await FailAsync(ex).ConfigureAwait(true);
        }
    }

    private async ValueTask FailAsync(Exception error)
    {
        var queued = Invalidate();
        foreach (var request in queued)
        {
            request.SetException(error);
        }

        await UnregisterAsync().ConfigureAwait(true);
        _runtime.OnActivationRemoved(this);
        CompleteDeactivated();
    }

    internal async ValueTask DeactivateAsync(DeactivationReason reason)
    {
        List<GrainTimer>? timers;
        lock (_lock)
        {
            timers = _timers;
            _timers = null;
        }

        if (timers is not null)
        {
            foreach (var timer in timers)
            {
                timer.Dispose();
            }
        }

        if (_grain is not null)
        {
            using var timeout = new CancellationTokenSource(_runtime.DeactivationTimeout);
            try
            {
                await _grain.OnDeactivateAsync(reason, timeout.Token).ConfigureAwait(true);
            }
            catch (Exception ex)
            {
                _runtime.Logger.LogError(ex, "OnDeactivateAsync of grain {GrainId} failed ({Reason})", GrainId, reason);
            }

            if (_states is not null)
            {
                foreach (var state in _states)
                {
                    try
                    {
                        await state.PersistIfChangedAsync(timeout.Token).ConfigureAwait(true);
                    }
                    catch (Exception ex)
                    {
                        _runtime.Logger.LogError(ex, "Persisting state of grain {GrainId} on deactivation failed", GrainId);
                    }
                }
            }
        }

        var queued = Invalidate();
        await UnregisterAsync().ConfigureAwait(true);
        _runtime.OnActivationRemoved(this);
        foreach (var request in queued)
        {
            if (request is not SystemRequest && !request.IsCompleted)
            {
                _runtime.Forward(request, GrainId);
            }
        }

        CompleteDeactivated();
    }

    private async ValueTask UnregisterAsync()
    {
        if (_address is not null && _runtime.Directory is not null)
        {
            await _runtime.Directory.UnregisterAsync(_address, CancellationToken.None).ConfigureAwait(true);
        }
    }

    /// <summary>Marks the activation gone and takes what is still queued.</summary>
    private List<GrainRequest> Invalidate()
    {
        var queued = new List<GrainRequest>();
        lock (_lock)
        {
            _status = ActivationStatus.Invalid;
            for (var request = _head; request is not null;)
            {
                var next = request.Next;
                request.Next = null;
                queued.Add(request);
                request = next;
            }

            _head = null;
            _tail = null;
            _queued = 0;
            _queuedInterleaving = 0;
        }

        return queued;
    }

    private void CompleteDeactivated()
    {
        TaskCompletionSource completion;
        lock (_lock)
        {
            completion = _deactivated ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        completion.TrySetResult();
    }

    /// <summary>Gives a <see cref="TimeoutException"/> to callers that have waited longer than their timeout.</summary>
    /// <param name="epoch">The sweep epoch now.</param>
    /// <param name="expired">Collects the requests to fail, so exceptions are delivered outside the lock.</param>
    internal void CollectExpired(int epoch, List<GrainRequest> expired)
    {
        if (Volatile.Read(ref _queued) == 0 && _runningNormal is null && _runningInterleaved is not { Count: > 0 })
        {
            return;
        }

        lock (_lock)
        {
            for (var request = _head; request is not null; request = request.Next)
            {
                if (_runtime.HasExpired(request, epoch))
                {
                    expired.Add(request);
                }
            }

            if (_runningNormal is not null && _runtime.HasExpired(_runningNormal, epoch))
            {
                expired.Add(_runningNormal);
            }

            if (_runningInterleaved is not null)
            {
                foreach (var request in _runningInterleaved)
                {
                    if (_runtime.HasExpired(request, epoch))
                    {
                        expired.Add(request);
                    }
                }
            }
        }
    }
}
