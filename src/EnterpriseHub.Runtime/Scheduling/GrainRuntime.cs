using System.Collections.Concurrent;
using System.Text.Json;
using EnterpriseHub.Runtime.Hosting;
using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Placement;
using EnterpriseHub.Runtime.Statistics;
using EnterpriseHub.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>
/// The in-process grain runtime: grain factory, activation table, call dispatch, idle collection and response
/// timeouts. One per silo.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IGrainCallInvoker, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, Activation> _activations = new();
    private readonly ConcurrentDictionary<Type, GrainClassRuntime> _classesByInterface = new();
    private readonly ConcurrentDictionary<string, GrainClassRuntime> _classesByType = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, Func<GrainReferenceArgs, object>> _proxyFactories = new();
    private readonly GrainRuntimeOptions _options;
    private readonly Dictionary<Type, Type> _choices;
    private readonly HashSet<System.Reflection.Assembly> _assemblies;
    private readonly Lazy<DedicatedLane[]> _dedicatedLane;
    private readonly Lazy<DedicatedLane[]> _dataLanes;
    private readonly IPlacementDirector _placement;
    private readonly SiloAddress[] _silos;
    private readonly Lock _sweepLock = new();
    private ITimer? _collector;
    private ITimer? _timeoutSweeper;
    private TimeSpan _sweepInterval;
    private long _sweepIntervalTicks;
    private int _epoch;
    private volatile bool _stopping;

    /// <summary>Creates the runtime; hosting code calls <see cref="Start"/> and <see cref="StopAsync"/>.</summary>
    public GrainRuntime(
        IServiceProvider services,
        IOptions<GrainRuntimeOptions> options,
        IGrainDirectory directory,
        IPlacementDirector placement,
        TimeProvider timeProvider,
        IEnumerable<IIncomingGrainCallFilter> filters,
        IEnumerable<GrainImplementationChoice> choices,
        IEnumerable<GrainAssembly> assemblies,
        ILogger<GrainRuntime> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Services = services;
        _options = options.Value;
        _dedicatedLane = new(() => [new DedicatedLane("ehub-control", _options.DedicatedLaneNice)]);
        _dataLanes = new(() => [.. Enumerable.Range(0, _options.DataLaneCount).Select(i => new DedicatedLane("ehub-data-" + i, _options.DataLaneNice))]);
        // A single silo's activation table already is its directory: registering every activation a second time
        // in the local directory would cost about 110 bytes per activation for nothing. A clustered directory is
        // always used.
        Directory = directory is LocalGrainDirectory ? null : directory;
        _placement = placement;
        TimeProvider = timeProvider;
        Logger = logger;
        var filterArray = filters.ToArray();
        Filters = filterArray.Length == 0 ? null : filterArray;
        _choices = choices.ToDictionary(c => c.Interface, c => c.GrainClass);
        _assemblies = [.. assemblies.Select(a => a.Assembly)];
        SiloAddress = new SiloAddress(Environment.MachineName, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        _silos = [SiloAddress];
        Statistics = new RuntimeStatistics(SnapshotMailboxes);
        // Locked options cache type metadata; unlocked ones resolve it afresh on every GetTypeInfo, which would
        // build (and keep, in each persistent state) several kilobytes of metadata per activation.
        _options.SerializerOptions.MakeReadOnly(populateMissingResolver: true);
        _sweepInterval = _options.ResponseTimeoutCheckInterval;
        _sweepIntervalTicks = _sweepInterval.Ticks;
    }

    /// <summary>The runtime's statistics.</summary>
    public RuntimeStatistics Statistics { get; }

    /// <summary>This silo's address.</summary>
    public SiloAddress SiloAddress { get; }

    /// <summary>Activations alive now.</summary>
    public int ActivationCount => _activations.Count;

    /// <summary>True between <see cref="Start"/> and <see cref="StopAsync"/>: the readiness signal.</summary>
    public bool IsRunning => _collector is not null && !_stopping;

    internal IServiceProvider Services { get; }

    /// <summary>The shared directory, or null when the silo is alone and its activation table is the directory.</summary>
    internal IGrainDirectory? Directory { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal IIncomingGrainCallFilter[]? Filters { get; }

    internal int TurnBatchSize => _options.TurnBatchSize;

    internal TimeSpan ActivationTimeout => _options.ResponseTimeout;

    internal TimeSpan DeactivationTimeout => _options.DeactivationTimeout;

    internal JsonSerializerOptions SerializerOptions => _options.SerializerOptions;

    /// <summary>Starts idle collection and the response-timeout sweep.</summary>
    public void Start()
    {
        foreach (var descriptor in GrainTypeRegistry.GrainClasses)
        {
            if (IsHosted(descriptor))
            {
                AddClass(descriptor);
            }
        }

        _collector = TimeProvider.CreateTimer(static s => ((GrainRuntime)s!).CollectIdle(), this, _options.CollectionQuantum, _options.CollectionQuantum);
        _timeoutSweeper = TimeProvider.CreateTimer(static s => ((GrainRuntime)s!).SweepTimeouts(), this, _sweepInterval, _sweepInterval);
    }

    /// <summary>Deactivates every activation (persisting changed state) and stops the timers.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The silo is shutting down.");
        var pending = new List<Task>();
        foreach (var activation in _activations.Values)
        {
            pending.Add(activation.RequestDeactivation(reason));
        }

        await Task.WhenAll(pending).WaitAsync(_options.DeactivationTimeout, TimeProvider, cancellationToken).ConfigureAwait(false);
        _collector?.Dispose();
        _timeoutSweeper?.Dispose();
        foreach (var lanes in new[] { _dedicatedLane, _dataLanes })
        {
            if (lanes.IsValueCreated)
            {
                foreach (var lane in lanes.Value)
                {
                    lane.Dispose();
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_stopping)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainClass = ClassFor(typeof(TGrainInterface));
        var factory = _proxyFactories.GetOrAdd(typeof(TGrainInterface), static type =>
            GrainTypeRegistry.GetProxyFactory(type)
            ?? throw new InvalidOperationException($"No generated proxy for {type.FullName}; does its project reference EnterpriseHub.CodeGenerator?"));
        return (TGrainInterface)factory(new GrainReferenceArgs(new GrainId(grainClass.GrainType, key), this));
    }

    /// <summary>Deactivates the activation of <paramref name="grainId"/>, if there is one, and waits for it.</summary>
    public Task DeactivateAsync(GrainId grainId) =>
        _activations.TryGetValue(grainId, out var activation)
            ? activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "Deactivated by the runtime's owner."))
            : Task.CompletedTask;

    /// <summary>Runs the idle collector now (it also runs every collection quantum).</summary>
    public void CollectIdle()
    {
        var now = TimeProvider.GetTimestamp();
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, "Idle longer than its collection age.");
        foreach (var activation in _activations.Values)
        {
            if (activation.Touched)
            {
                activation.Touched = false;
                activation.LastActiveTimestamp = now;
                continue;
            }

            if (TimeProvider.GetElapsedTime(activation.LastActiveTimestamp, now) >= activation.Class.CollectionAge)
            {
                activation.DeactivateIfIdle(reason);
            }
        }
    }

    void IGrainCallInvoker.Send(GrainReference target, GrainRequest request)
    {
        request.SentEpoch = Volatile.Read(ref _epoch);
        if (request.Method.ResponseTimeout is { } timeout && timeout.Ticks < _sweepIntervalTicks * 8)
        {
            TightenSweep(timeout);
        }

        if (target.CachedTarget is Activation cached && cached.TryEnqueue(request))
        {
            return;
        }

        SendSlow(target, request);
    }

    private void SendSlow(GrainReference target, GrainRequest request)
    {
        while (true)
        {
            if (_stopping)
            {
                request.SetException(new InvalidOperationException($"The silo is shutting down; {request.Method.MethodName} on {target.GrainId} was not delivered."));
                return;
            }

            var activation = GetOrCreateActivation(target.GrainId);
            target.CachedTarget = activation;
            if (activation.TryEnqueue(request))
            {
                return;
            }
        }
    }

    /// <summary>Delivers a request that arrived without a reference (from another process) to the grain's local
    /// activation, activating it if needed.</summary>
    internal void Deliver(GrainId grainId, GrainRequest request)
    {
        request.SentEpoch = Volatile.Read(ref _epoch);
        Forward(request, grainId);
    }

    /// <summary>Hands a request queued on a deactivated activation to the grain's next activation.</summary>
    internal void Forward(GrainRequest request, GrainId grainId)
    {
        while (true)
        {
            if (_stopping)
            {
                request.SetException(new InvalidOperationException($"The silo is shutting down; {request.Method.MethodName} on {grainId} was not delivered."));
                return;
            }

            if (GetOrCreateActivation(grainId).TryEnqueue(request))
            {
                return;
            }
        }
    }

    internal void OnActivationRemoved(Activation activation)
    {
        if (_activations.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation)))
        {
            activation.Class.Statistics.ActivationRemoved();
        }
    }

    internal IGrainStorage GetStorage(string? name)
    {
        var key = name ?? GrainStorageNames.Default;
        return Services.GetKeyedService<IGrainStorage>(key)
            ?? throw new InvalidOperationException($"No grain storage named '{key}' is registered; add one with AddMemoryGrainStorage or AddSqliteGrainStorage.");
    }

    /// <summary>True when the caller of <paramref name="request"/> has waited past its timeout (one-way calls never expire).</summary>
    internal bool HasExpired(GrainRequest request, int epoch)
    {
        if (request.IsCompleted || request.Method.IsOneWay || request is SystemRequest)
        {
            return false;
        }

        // A request stamped in epoch e was sent after sweep e began, so at sweep k it has waited at least
        // (k - e - 1) intervals.
        var timeout = request.Method.ResponseTimeout ?? _options.ResponseTimeout;
        var waited = (long)(epoch - request.SentEpoch - 1) * Volatile.Read(ref _sweepIntervalTicks);
        return waited >= timeout.Ticks;
    }

    private Activation GetOrCreateActivation(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        var grainClass = _classesByType.GetValueOrDefault(grainId.Type)
            ?? throw new InvalidOperationException($"Unknown grain type '{grainId.Type}'.");
        var silo = _placement.Place(grainId, _silos);
        if (silo != SiloAddress)
        {
            throw new NotSupportedException($"Placement chose silo {silo} for {grainId}; remote activations need the cluster transport.");
        }

        var created = new Activation(this, grainClass, grainId);
        var winner = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(winner, created))
        {
            grainClass.Statistics.ActivationCreated();
        }

        return winner;
    }

    private GrainClassRuntime ClassFor(Type grainInterface)
    {
        if (_classesByInterface.TryGetValue(grainInterface, out var known))
        {
            return known;
        }

        GrainTypeRegistry.EnsureRegistered(grainInterface.Assembly);
        var chosen = _choices.GetValueOrDefault(grainInterface);
        GrainClassRuntime? found = null;
        foreach (var descriptor in GrainTypeRegistry.GrainClasses)
        {
            if (!descriptor.Interfaces.Contains(grainInterface) || !IsHosted(descriptor) || (chosen is not null && descriptor.GrainClass != chosen))
            {
                continue;
            }

            if (found is not null)
            {
                throw new InvalidOperationException($"More than one grain class implements {grainInterface.FullName}: {found.Descriptor.GrainClass.FullName} and {descriptor.GrainClass.FullName}; choose one with AddGrainImplementation.");
            }

            found = AddClass(descriptor);
        }

        if (found is null)
        {
            throw new InvalidOperationException($"No grain class implements {grainInterface.FullName}; is the assembly with its grain class loaded (AddGrains)?");
        }

        return _classesByInterface.GetOrAdd(grainInterface, found);
    }

    /// <summary>True when the class's assembly was added to this silo (or none was, and every class is).</summary>
    private bool IsHosted(GrainClassDescriptor descriptor) =>
        _assemblies.Count == 0 || _assemblies.Contains(descriptor.GrainClass.Assembly) || _choices.ContainsValue(descriptor.GrainClass);

    private GrainClassRuntime AddClass(GrainClassDescriptor descriptor) =>
        _classesByType.GetOrAdd(descriptor.GrainType, _ =>
        {
            var age = descriptor.CollectionAge
                ?? (_options.CollectionAgeByGrainType.TryGetValue(descriptor.GrainType, out var configured) ? configured : _options.CollectionAge);
            var lanes = _options.DedicatedLaneGrainTypes.Contains(descriptor.GrainType) ? _dedicatedLane.Value
                : _options.DataLaneGrainTypes.Contains(descriptor.GrainType) ? _dataLanes.Value
                : null;
            return new GrainClassRuntime(descriptor, age, Statistics.ForType(descriptor.GrainType), lanes);
        });

    private void SweepTimeouts()
    {
        var epoch = Interlocked.Increment(ref _epoch);
        var expired = new List<GrainRequest>();
        foreach (var activation in _activations.Values)
        {
            activation.CollectExpired(epoch, expired);
        }

        foreach (var request in expired)
        {
            var timeout = request.Method.ResponseTimeout ?? _options.ResponseTimeout;
            request.SetException(new TimeoutException($"{request.Method.InterfaceType.Name}.{request.Method.MethodName} did not respond within {timeout}."));
            Statistics.RequestTimedOut();
        }
    }

    /// <summary>Shortens the sweep interval so that a short per-method timeout fires at most about 1/8 late.</summary>
    private void TightenSweep(TimeSpan timeout)
    {
        lock (_sweepLock)
        {
            var interval = TimeSpan.FromTicks(Math.Max(timeout.Ticks / 8, TimeSpan.FromMilliseconds(5).Ticks));
            if (interval >= _sweepInterval)
            {
                return;
            }

            // Epochs stamped under the old interval now count as shorter waits; requests only time out a little later.
            _sweepInterval = interval;
            Volatile.Write(ref _sweepIntervalTicks, interval.Ticks);
            _timeoutSweeper?.Change(interval, interval);
        }
    }

    private List<MailboxSnapshot> SnapshotMailboxes()
    {
        var byType = new Dictionary<string, (long Queued, int Longest)>(StringComparer.Ordinal);
        foreach (var activation in _activations.Values)
        {
            var length = activation.QueueLength;
            byType.TryGetValue(activation.Class.GrainType, out var figures);
            byType[activation.Class.GrainType] = (figures.Queued + length, Math.Max(figures.Longest, length));
        }

        return [.. byType.Select(p => new MailboxSnapshot(p.Key, p.Value.Queued, p.Value.Longest)).OrderBy(m => m.GrainType, StringComparer.Ordinal)];
    }
}
