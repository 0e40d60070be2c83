namespace EnterpriseHub.Runtime.Invocation;

/// <summary>Creates a grain instance. Generated code supplies one per grain class: a plain constructor call
/// whose arguments come from the service provider and from <see cref="IGrainActivationContext"/>.</summary>
public delegate Grain GrainActivator(IServiceProvider services, IGrainActivationContext context);

/// <summary>What a generated activator may ask of the activation being created.</summary>
public interface IGrainActivationContext
{
    /// <summary>The grain being activated.</summary>
    GrainId GrainId { get; }

    /// <summary>Returns the persistent state for a constructor parameter marked with
    /// <see cref="PersistentStateAttribute"/>; the runtime loads it before <see cref="Grain.OnActivateAsync"/>.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
        where TState : new();
}
