using System.Text.Json;
using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>Requests the runtime queues for itself: they share the mailbox so that ordering and exclusivity
/// with grain calls follow from one mechanism.</summary>
internal abstract class SystemRequest : VoidRequest
{
    public sealed override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        throw new NotSupportedException("System requests never leave their silo.");

    public sealed override void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        throw new NotSupportedException("System requests never leave their silo.");

    /// <summary>True when the request's calls should not appear in method statistics.</summary>
    public virtual bool IsLifecycle => true;
}

/// <summary>Creates the grain, loads its state and calls OnActivateAsync; runs alone, first.</summary>
internal sealed class ActivateRequest(Activation activation) : SystemRequest
{
    private static readonly GrainMethodDescriptor s_descriptor = new(typeof(Grain), "OnActivateAsync", "[activate]", InvokeMethodOptions.None, null);

    public override GrainMethodDescriptor Method => s_descriptor;

    internal override RequestKind Kind => RequestKind.Exclusive;

    protected override ValueTask InvokeCore(object grain) => activation.ActivateAsync();
}

/// <summary>Calls OnDeactivateAsync, persists changed state and hands queued calls on; runs alone.</summary>
internal sealed class DeactivateRequest(Activation activation, DeactivationReason reason) : SystemRequest
{
    private static readonly GrainMethodDescriptor s_descriptor = new(typeof(Grain), "OnDeactivateAsync", "[deactivate]", InvokeMethodOptions.None, null);

    public override GrainMethodDescriptor Method => s_descriptor;

    internal override RequestKind Kind => RequestKind.Exclusive;

    internal override bool CountsAsActivity => false;

    protected override ValueTask InvokeCore(object grain) => activation.DeactivateAsync(reason);
}

/// <summary>One tick of a grain timer, run as a turn (or interleaved when the timer asks for it).</summary>
internal sealed class TimerTickRequest(GrainTimer timer) : SystemRequest
{
    private static readonly GrainMethodDescriptor s_descriptor = new(typeof(IGrainTimer), "Tick", "[timer]", InvokeMethodOptions.None, null);

    public override GrainMethodDescriptor Method => s_descriptor;

    public override bool IsLifecycle => false;

    internal override RequestKind Kind => timer.Interleave ? RequestKind.Interleave : RequestKind.Normal;

    internal override bool CountsAsActivity => timer.KeepAlive;

    protected override ValueTask InvokeCore(object grain) => timer.TickAsync();
}
