using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.Runtime.Filters;

/// <summary>Walks the filter chain for one call; only allocated when filters are registered.</summary>
internal sealed class IncomingGrainCallContext(IIncomingGrainCallFilter[] filters, GrainId targetId, object grain, GrainRequest request)
    : IIncomingGrainCallContext
{
    private int _next;

    public GrainId TargetId { get; } = targetId;

    public object Grain { get; } = grain;

    public GrainMethodDescriptor Method => Request.Method;

    public GrainRequest Request { get; } = request;

    public Task Invoke()
    {
        if (_next < filters.Length)
        {
            return filters[_next++].Invoke(this);
        }

        return Request.RunAsync(Grain).AsTask();
    }
}
