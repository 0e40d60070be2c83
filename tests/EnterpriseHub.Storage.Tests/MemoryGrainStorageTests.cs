using EnterpriseHub.Runtime.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace EnterpriseHub.Storage.Tests;

public sealed class MemoryGrainStorageTests : GrainStorageConformanceTests
{
    protected override IGrainStorage CreateStorage() => new MemoryGrainStorage();

    [Fact]
    public void AddMemoryGrainStorage_registers_one_keyed_instance_per_name()
    {
        var services = new ServiceCollection();
        services.AddMemoryGrainStorage(GrainStorageNames.Default);
        services.AddMemoryGrainStorage("scratch");
        using var provider = services.BuildServiceProvider();

        var first = provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default);

        Assert.IsType<MemoryGrainStorage>(first);
        Assert.Same(first, provider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Default));
        Assert.NotSame(first, provider.GetRequiredKeyedService<IGrainStorage>("scratch"));
    }
}
