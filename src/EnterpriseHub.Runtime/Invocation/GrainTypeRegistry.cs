using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace EnterpriseHub.Runtime.Invocation;

/// <summary>
/// The process-wide table of grain interfaces, grain classes and request types. Generated module initializers
/// fill it when an assembly with grains loads; nothing here is discovered by reflection on the call path.
/// </summary>
public static class GrainTypeRegistry
{
    private static readonly ConcurrentDictionary<Type, Func<GrainReferenceArgs, object>> s_proxyFactories = new();
    private static readonly ConcurrentDictionary<Type, GrainClassDescriptor> s_classes = new();
    private static readonly ConcurrentDictionary<string, Func<GrainRequest>> s_requests = new(StringComparer.Ordinal);

    /// <summary>Registers the generated proxy of grain interface <typeparamref name="TInterface"/>.</summary>
    public static void RegisterInterface<TInterface>(Func<GrainReferenceArgs, TInterface> proxyFactory)
        where TInterface : class, IGrain
    {
        ArgumentNullException.ThrowIfNull(proxyFactory);
        s_proxyFactories[typeof(TInterface)] = proxyFactory;
    }

    /// <summary>Registers a grain class.</summary>
    public static void RegisterGrainClass(GrainClassDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        s_classes[descriptor.GrainClass] = descriptor;
    }

    /// <summary>Registers a request type under its method signature, so a call arriving from another process
    /// can be materialised.</summary>
    public static void RegisterRequest(string signature, Func<GrainRequest> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        s_requests[signature] = factory;
    }

    /// <summary>Runs the generated registration of <paramref name="assembly"/> if it has not run yet.</summary>
    public static void EnsureRegistered(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
    }

    /// <summary>Creates an empty request for <paramref name="signature"/>, or null if no loaded assembly declares it.</summary>
    public static GrainRequest? CreateRequest(string signature) =>
        s_requests.TryGetValue(signature, out var factory) ? factory() : null;

    internal static Func<GrainReferenceArgs, object>? GetProxyFactory(Type grainInterface)
    {
        if (s_proxyFactories.TryGetValue(grainInterface, out var factory))
        {
            return factory;
        }

        EnsureRegistered(grainInterface.Assembly);
        return s_proxyFactories.GetValueOrDefault(grainInterface);
    }

    internal static GrainClassDescriptor[] GrainClasses => [.. s_classes.Values];
}
