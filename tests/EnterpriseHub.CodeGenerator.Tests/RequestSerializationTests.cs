using System.Buffers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EnterpriseHub.Runtime.Invocation;

namespace EnterpriseHub.CodeGenerator.Tests;

public sealed class RequestSerializationTests
{
    private const string Describe = "Rt.IFoo.Describe(Rt.Item, int?, System.DateTimeOffset, System.Collections.Generic.Dictionary<string, double[]>)";

    private static readonly JsonSerializerOptions s_options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    [Fact]
    public void Arguments_round_trip_through_json()
    {
        var assembly = Samples.RepresentativeAssembly;
        var item = Activator.CreateInstance(assembly.GetType("Rt.Item", throwOnError: true)!)!;
        item.GetType().GetProperty("Name")!.SetValue(item, "cpu");
        item.GetType().GetProperty("Count")!.SetValue(item, 4);
        var request = GrainTypeRegistry.CreateRequest(Describe)!;
        SetArguments(request, item, 7, new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)), new Dictionary<string, double[]> { ["p99"] = [1.5, 2.25] });

        var json = Write(request);
        var copy = GrainTypeRegistry.CreateRequest(Describe)!;
        Read(copy, json);

        Assert.Equal("""[{"Name":"cpu","Count":4},7,"2024-05-06T07:08:09+02:00",{"p99":[1.5,2.25]}]""", json);
        Assert.Equal(json, Write(copy));
        Assert.Equal(7, (int?)Argument(copy, 1));
    }

    [Fact]
    public void Null_arguments_and_empty_argument_lists_round_trip()
    {
        _ = Samples.RepresentativeAssembly;
        var get = GrainTypeRegistry.CreateRequest("Rt.IFoo.Get(string)")!;
        var clear = GrainTypeRegistry.CreateRequest("Rt.IFoo.Clear()")!;

        Assert.Equal("[null]", Write(get));
        Assert.Equal("[]", Write(clear));

        Read(get, """["x"]""");
        Read(clear, "[]");
        Assert.Equal("x", Argument(get, 0));
    }

    [Theory]
    [InlineData("[1]")]
    [InlineData("[1,2,3]")]
    [InlineData("{}")]
    [InlineData("7")]
    public void Wrongly_shaped_arguments_fail_with_a_message_naming_the_method(string json)
    {
        _ = Samples.RepresentativeAssembly;
        var request = GrainTypeRegistry.CreateRequest("Rt.IFoo.Add(int, int)")!;

        var error = Assert.Throws<JsonException>(() => Read(request, json));

        Assert.Equal("Arguments of Rt.IFoo.Add(int, int) must be a JSON array of 2 values.", error.Message);
    }

    [Fact]
    public void Truncated_arguments_fail_with_a_message_naming_the_method()
    {
        _ = Samples.RepresentativeAssembly;
        var request = GrainTypeRegistry.CreateRequest("Rt.IFoo.Add(int, int)")!;

        var error = Assert.Throws<JsonException>(() => Read(request, "[1,2", isFinalBlock: false));

        Assert.Equal("Arguments of Rt.IFoo.Add(int, int) end early.", error.Message);
    }

    [Fact]
    public async Task Running_a_request_calls_the_method_of_its_declaring_interface()
    {
        var assembly = Samples.RepresentativeAssembly;
        var calculator = Activator.CreateInstance(assembly.GetType("Rt.Calculator", throwOnError: true)!)!;
        var calls = (List<string>)calculator.GetType().GetProperty("Calls")!.GetValue(calculator)!;

        var add = (Request<int>)GrainTypeRegistry.CreateRequest("Rt.IFoo.Add(int, int)")!;
        Read(add, "[3,4]");
        await add.RunAsync(calculator);
        await GrainTypeRegistry.CreateRequest("Rt.IBase.Ping()")!.RunAsync(calculator);
        await GrainTypeRegistry.CreateRequest("Rt.IOther.Ping()")!.RunAsync(calculator);
        var put = GrainTypeRegistry.CreateRequest("Rt.IFoo.Put(string, System.Collections.Generic.List<Rt.Item>)")!;
        Read(put, """["k",[{"Name":"a"},{"Name":"b"}]]""");
        await put.RunAsync(calculator);

        Assert.Equal("12", WriteResult(add));
        Assert.Equal(["IBase.Ping", "IOther.Ping", "k:2"], calls);
    }

    private static void SetArguments(GrainRequest request, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            request.GetType().GetField("Arg" + i, BindingFlags.Public | BindingFlags.Instance)!.SetValue(request, values[i]);
        }
    }

    private static object? Argument(GrainRequest request, int index) =>
        request.GetType().GetField("Arg" + index, BindingFlags.Public | BindingFlags.Instance)!.GetValue(request);

    private static string Write(GrainRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteArguments(writer, s_options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string WriteResult<T>(Request<T> request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteResult(writer, s_options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Read(GrainRequest request, string json, bool isFinalBlock = true)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock, default);
        Assert.True(reader.Read());
        request.ReadArguments(ref reader, s_options);
        Assert.Equal(JsonTokenType.EndArray, reader.TokenType);
    }
}
