namespace EnterpriseHub.Runtime.Invocation;

/// <summary>Delivers requests to grains: in process to an activation, or later across silos.</summary>
internal interface IGrainCallInvoker
{
    /// <summary>Stamps <paramref name="request"/> and queues it for the grain <paramref name="target"/> refers to.</summary>
    void Send(GrainReference target, GrainRequest request);
}
