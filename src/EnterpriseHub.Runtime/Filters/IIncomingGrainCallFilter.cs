using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.Runtime;

/// <summary>Runs around every incoming grain call, inside the callee's turn. Register with
/// <c>services.AddSingleton&lt;IIncomingGrainCallFilter, MyFilter&gt;()</c>.</summary>
public interface IIncomingGrainCallFilter
{
    /// <summary>Handles the call; call <see cref="IIncomingGrainCallContext.Invoke"/> to continue to the grain.</summary>
    Task Invoke(IIncomingGrainCallContext context);
}

/// <summary>The call a filter sees.</summary>
public interface IIncomingGrainCallContext
{
    /// <summary>The grain being called.</summary>
    GrainId TargetId { get; }

    /// <summary>The grain instance.</summary>
    object Grain { get; }

    /// <summary>The method being called.</summary>
    GrainMethodDescriptor Method { get; }

    /// <summary>The request, with its arguments.</summary>
    GrainRequest Request { get; }

    /// <summary>Continues with the next filter, or the grain method after the last one.</summary>
    Task Invoke();
}
