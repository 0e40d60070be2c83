using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EnterpriseHub.Runtime.Invocation;
using EnterpriseHub.Runtime.Tests.Grains;

namespace EnterpriseHub.Runtime.Tests;

[Collection(ClusterCollection.Name)]
public sealed class CrossProcessCallTests(ClusterFixture fixture)
{
    private static readonly JsonSerializerOptions s_json = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public async Task A_call_serialized_to_json_runs_on_the_grain_and_its_json_result_completes_the_caller()
    {
        const string signature = "EnterpriseHub.Runtime.Tests.Grains.IStatefulGrain.SetAndWrite(int)";
        const string getSignature = "EnterpriseHub.Runtime.Tests.Grains.IStatefulGrain.Get()";
        var target = new GrainId("StatefulGrain", "wire-1");

        // Receiving silo: materialise the request from its signature and JSON arguments, run it, await the outcome.
        var incoming = GrainTypeRegistry.CreateRequest(signature)!;
        var reader = new Utf8JsonReader("[41]"u8);
        reader.Read();
        incoming.ReadArguments(ref reader, s_json);
        fixture.Cluster.Runtime.Deliver(target, incoming);
        await incoming.WhenCompleted();

        var get = (Request<int>)GrainTypeRegistry.CreateRequest(getSignature)!;
        reader = new Utf8JsonReader("[]"u8);
        reader.Read();
        get.ReadArguments(ref reader, s_json);
        fixture.Cluster.Runtime.Deliver(target, get);
        await get.WhenCompleted();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            get.WriteResult(writer, s_json);
        }

        // Calling silo: a fresh request of the same signature completes from the response bytes.
        var caller = (Request<int>)GrainTypeRegistry.CreateRequest(getSignature)!;
        reader = new Utf8JsonReader(buffer.WrittenSpan);
        reader.Read();
        caller.ReadResult(ref reader, s_json);

        Assert.Equal("41", Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Equal(41, await caller.AsValueTask());
        Assert.Equal(41, await fixture.Cluster.Client.GetGrain<IStatefulGrain>("wire-1").Get());
    }
}
