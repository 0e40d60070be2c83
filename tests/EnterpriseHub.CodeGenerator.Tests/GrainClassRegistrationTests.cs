using System.Reflection;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Invocation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class GrainClassRegistrationTests
{
    [Fact]
    public void Grain_class_descriptor_carries_type_name_interfaces_reentrancy_and_collection_age()
    {
        var assembly = Samples.RepresentativeAssembly;

        var descriptor = Descriptor(assembly, "Rt.FooGrain");

        Assert.Equal("foo", descriptor.GrainType);
        Assert.True(descriptor.IsReentrant);
        Assert.Equal(new CollectionAgeLimitAttribute { Minutes = 1.5, Seconds = 10 }.Amount, descriptor.CollectionAge);
        Assert.Equal(1_000_000_000L, descriptor.CollectionAge!.Value.Ticks);
        Assert.Equal(
            ["Rt.IBase", "Rt.IFoo", "Rt.IOther"],
            descriptor.Interfaces.Select(i => i.FullName!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_are_the_class_name_no_reentrancy_and_no_collection_age()
    {
        var descriptor = Descriptor(Samples.RepresentativeAssembly, "Rt.PlainGrain");

        Assert.Equal("PlainGrain", descriptor.GrainType);
        Assert.False(descriptor.IsReentrant);
        Assert.Null(descriptor.CollectionAge);
        Assert.Equal("Rt.IBase", Assert.Single(descriptor.Interfaces).FullName);
        Assert.Equal("PlainGrain", descriptor.Activator(new FakeServices(), new FakeActivationContext()).GetType().Name);
    }

    [Fact]
    public void Reentrancy_and_collection_age_are_inherited_from_a_base_class()
    {
        var descriptor = Descriptor(Samples.RepresentativeAssembly, "Rt.DerivedGrain");

        Assert.True(descriptor.IsReentrant);
        Assert.Equal(TimeSpan.FromSeconds(30), descriptor.CollectionAge);
    }

    [Fact]
    public void Abstract_grain_classes_are_not_registered()
    {
        var assembly = Samples.RepresentativeAssembly;

        Assert.DoesNotContain(AllDescriptors(), d => d.GrainClass == assembly.GetType("Rt.ReentrantGrainBase"));
        Assert.DoesNotContain(AllDescriptors(), d => d.GrainClass == assembly.GetType("Rt.Calculator"));
    }

    [Fact]
    public void Activator_passes_services_persistent_states_and_defaults_to_the_constructor()
    {
        var descriptor = Descriptor(Samples.RepresentativeAssembly, "Rt.FooGrain");
        var context = new FakeActivationContext();

        var grain = descriptor.Activator(new FakeServices(), context);

        Assert.Equal(descriptor.GrainClass, grain.GetType());
        Assert.Equal(
            [("state", "store", "Rt.FooState"), ("profile", null, "Rt.Item")],
            context.Requested);
        Assert.Equal(3, Property(grain, "Retries"));
        Assert.Null(Property(grain, "Label"));
        Assert.Equal("state", ((IFakeState)Property(grain, "State")!).Name);
        Assert.Equal("profile", ((IFakeState)Property(grain, "Profile")!).Name);
    }

    [Fact]
    public void Activator_prefers_registered_services_over_parameter_defaults()
    {
        var descriptor = Descriptor(Samples.RepresentativeAssembly, "Rt.FooGrain");
        var services = new FakeServices { [typeof(int)] = 9, [typeof(string)] = "blue" };

        var grain = descriptor.Activator(services, new FakeActivationContext());

        Assert.Equal(9, Property(grain, "Retries"));
        Assert.Equal("blue", Property(grain, "Label"));
    }

    private static object? Property(object instance, string name) => instance.GetType().GetProperty(name)!.GetValue(instance);

    private static GrainClassDescriptor Descriptor(Assembly assembly, string className)
    {
        var grainClass = assembly.GetType(className, throwOnError: true);
        return AllDescriptors().Single(d => d.GrainClass == grainClass);
    }

    // The registry exposes grain classes to the runtime only; the test reads the same table.
    private static GrainClassDescriptor[] AllDescriptors() =>
        (GrainClassDescriptor[])typeof(GrainTypeRegistry)
            .GetProperty("GrainClasses", BindingFlags.NonPublic | BindingFlags.Static)!
            .GetValue(null)!;

    /// <summary>A service provider with loggers and whatever the test adds.</summary>
    private sealed class FakeServices : Dictionary<Type, object>, IServiceProvider
    {
        public object? GetService(Type serviceType)
        {
            if (serviceType.IsGenericType && serviceType.GetGenericTypeDefinition() == typeof(ILogger<>))
            {
                return Activator.CreateInstance(typeof(NullLogger<>).MakeGenericType(serviceType.GenericTypeArguments));
            }

            return TryGetValue(serviceType, out var service) ? service : null;
        }
    }

    private interface IFakeState
    {
        string Name { get; }
    }

    private sealed class FakeActivationContext : IGrainActivationContext
    {
        public List<(string StateName, string? StorageName, string StateType)> Requested { get; } = [];

        public GrainId GrainId => new("foo", "key");

        public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
            where TState : new()
        {
            Requested.Add((stateName, storageName, typeof(TState).FullName!));
            return new FakeState<TState>(stateName);
        }
    }

    private sealed class FakeState<TState>(string name) : IPersistentState<TState>, IFakeState
        where TState : new()
    {
        public string Name => name;

        public TState State { get; set; } = new();

        public string? Etag => null;

        public bool RecordExists => false;

        public Task ReadStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task WriteStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task ClearStateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
