using System.Globalization;
using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class RequestDescriptorTests
{
    [Theory]
    [InlineData("Rt.IFoo.Add(int)", "Rt.IFoo", "Add", InvokeMethodOptions.None, null)]
    [InlineData("Rt.IFoo.Add(int, int)", "Rt.IFoo", "Add", InvokeMethodOptions.None, null)]
    [InlineData("Rt.IFoo.Put(string, System.Collections.Generic.List<Rt.Item>)", "Rt.IFoo", "Put", InvokeMethodOptions.AlwaysInterleave, 50_000_000L)]
    [InlineData("Rt.IFoo.Get(string)", "Rt.IFoo", "Get", InvokeMethodOptions.None, null)]
    [InlineData("Rt.IFoo.Fire(int)", "Rt.IFoo", "Fire", InvokeMethodOptions.OneWay, null)]
    [InlineData("Rt.IFoo.Notify(int)", "Rt.IFoo", "Notify", InvokeMethodOptions.OneWay | InvokeMethodOptions.AlwaysInterleave, null)]
    [InlineData("Rt.IFoo.Clear()", "Rt.IFoo", "Clear", InvokeMethodOptions.None, null)]
    [InlineData("Rt.IFoo.Describe(Rt.Item, int?, System.DateTimeOffset, System.Collections.Generic.Dictionary<string, double[]>)", "Rt.IFoo", "Describe", InvokeMethodOptions.None, null)]
    [InlineData("Rt.IBase.Ping()", "Rt.IBase", "Ping", InvokeMethodOptions.None, null)]
    [InlineData("Rt.IOther.Ping()", "Rt.IOther", "Ping", InvokeMethodOptions.None, null)]
    public void Each_method_registers_a_request_with_its_descriptor(string signature, string interfaceName, string methodName, InvokeMethodOptions options, long? timeoutTicks)
    {
        var assembly = Samples.RepresentativeAssembly;

        var request = GrainTypeRegistry.CreateRequest(signature);

        Assert.NotNull(request);
        var descriptor = request.Method;
        Assert.Equal(signature, descriptor.Signature);
        Assert.Equal(assembly.GetType(interfaceName, throwOnError: true), descriptor.InterfaceType);
        Assert.Equal(methodName, descriptor.MethodName);
        Assert.Equal(options, descriptor.Options);
        Assert.Equal(timeoutTicks, descriptor.ResponseTimeout?.Ticks);
    }

    [Fact]
    public void Response_timeout_is_parsed_at_compile_time_as_the_attribute_parses_it()
    {
        _ = Samples.RepresentativeAssembly;

        var descriptor = GrainTypeRegistry.CreateRequest("Rt.IOther.Echo(string)")!.Method;

        Assert.Equal(TimeSpan.Parse("1.02:03:04.5", CultureInfo.InvariantCulture), descriptor.ResponseTimeout);
        Assert.Contains("global::System.TimeSpan.FromTicks(937845000000L)", Samples.RepresentativeResult.GeneratedSource("Requests_Rt_IOther.g.cs"), StringComparison.Ordinal);
    }

    [Fact]
    public void Requests_share_one_descriptor_per_method_and_derive_from_the_right_base()
    {
        _ = Samples.RepresentativeAssembly;

        var first = GrainTypeRegistry.CreateRequest("Rt.IFoo.Add(int)")!;
        var second = GrainTypeRegistry.CreateRequest("Rt.IFoo.Add(int)")!;

        Assert.NotSame(first, second);
        Assert.Same(first.Method, second.Method);
        Assert.IsAssignableFrom<Request<int>>(first);
        Assert.IsAssignableFrom<Request<string>>(GrainTypeRegistry.CreateRequest("Rt.IFoo.Get(string)"));
        Assert.IsAssignableFrom<VoidRequest>(GrainTypeRegistry.CreateRequest("Rt.IFoo.Put(string, System.Collections.Generic.List<Rt.Item>)"));
        Assert.IsAssignableFrom<VoidRequest>(GrainTypeRegistry.CreateRequest("Rt.IFoo.Notify(int)"));
        Assert.Equal("Request_Rt_IFoo_Add_0", first.GetType().Name);
        Assert.Equal("EnterpriseHub.Generated.Rt_Grains", first.GetType().Namespace);
    }
}
