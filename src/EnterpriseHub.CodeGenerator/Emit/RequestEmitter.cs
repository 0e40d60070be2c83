using System.Globalization;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis.CSharp;

namespace EnterpriseHub.CodeGenerator.Emit;

/// <summary>Writes the request class of one grain method: its descriptor, argument fields, the call on the grain
/// and the JSON form of its arguments.</summary>
internal static class RequestEmitter
{
    public static void Write(CodeWriter writer, GrainMethodModel method, string className)
    {
        var resultType = method.ResultType;
        var baseType = resultType is null ? RuntimeNames.VoidRequest : RuntimeNames.Request + "<" + resultType + ">";
        var invokeType = resultType is null ? RuntimeNames.ValueTask : RuntimeNames.ValueTask + "<" + resultType + ">";
        var signature = SymbolDisplay.FormatLiteral(method.Signature, quote: true);

        writer.Line("/// <summary>A call to <c>" + Escape(method.Signature) + "</c>.</summary>");
        writer.Line("internal sealed class " + className + " : " + baseType);
        writer.Open();
        writer.Line("internal static readonly " + RuntimeNames.GrainMethodDescriptor + " Descriptor =");
        writer.Indent()
            .Line("new(typeof(" + method.InterfaceType + "), " + SymbolDisplay.FormatLiteral(method.Name, quote: true) + ", " + signature + ", " + Options(method) + ", " + Timeout(method) + ");")
            .Outdent();

        var parameters = method.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Blank();
            writer.Line("public " + parameters[i].Type + " " + Arg(i) + " = default!;");
        }

        writer.Blank();
        writer.Line("public override " + RuntimeNames.GrainMethodDescriptor + " Method => Descriptor;");
        writer.Blank();
        writer.Line("protected override " + invokeType + " InvokeCore(object grain) => " + InvokeExpression(method) + ";");
        writer.Blank();
        WriteArguments(writer, parameters);
        writer.Blank();
        ReadArguments(writer, parameters);
        writer.Blank();
        var count = parameters.Count.ToString(CultureInfo.InvariantCulture) + (parameters.Count == 1 ? " value" : " values");
        var message = SymbolDisplay.FormatLiteral("Arguments of " + method.Signature + " must be a JSON array of " + count + ".", quote: true);
        writer.Line("private static " + RuntimeNames.Json + "JsonException ShapeError() => new(" + message + ");");
        writer.Close();
    }

    private static string InvokeExpression(GrainMethodModel method)
    {
        var arguments = new string[method.Parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arg(i);
        }

        var call = "((" + method.InterfaceType + ")grain)." + method.Identifier + "(" + string.Join(", ", arguments) + ")";

        // A Task is wrapped into the ValueTask InvokeCore returns; a ValueTask passes through.
        return method.ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT ? "new(" + call + ")" : call;
    }

    private static void WriteArguments(CodeWriter writer, EquatableArray<ParameterModel> parameters)
    {
        writer.Line("public override void WriteArguments(" + RuntimeNames.Json + "Utf8JsonWriter writer, " + RuntimeNames.Json + "JsonSerializerOptions options)");
        writer.Open();
        writer.Line("writer.WriteStartArray();");
        for (var i = 0; i < parameters.Count; i++)
        {
            var type = parameters[i].Type;
            writer.Line(RuntimeNames.Json + "JsonSerializer.Serialize<" + type + ">(writer, " + Arg(i) + ", " + TypeInfo(parameters[i]) + ");");
        }

        writer.Line("writer.WriteEndArray();");
        writer.Close();
    }

    private static void ReadArguments(CodeWriter writer, EquatableArray<ParameterModel> parameters)
    {
        const string TokenType = RuntimeNames.Json + "JsonTokenType";
        writer.Line("public override void ReadArguments(ref " + RuntimeNames.Json + "Utf8JsonReader reader, " + RuntimeNames.Json + "JsonSerializerOptions options)");
        writer.Open();
        writer.Line("if (reader.TokenType != " + TokenType + ".StartArray)");
        writer.Open().Line("throw ShapeError();").Close();
        writer.Blank();
        writer.Line("ReadToken(ref reader);");
        for (var i = 0; i < parameters.Count; i++)
        {
            writer.Line("if (reader.TokenType == " + TokenType + ".EndArray)");
            writer.Open().Line("throw ShapeError();").Close();
            writer.Blank();
            writer.Line(Arg(i) + " = " + RuntimeNames.Json + "JsonSerializer.Deserialize<" + parameters[i].Type + ">(ref reader, " + TypeInfo(parameters[i]) + ")!;");
            writer.Line("ReadToken(ref reader);");
        }

        writer.Line("if (reader.TokenType != " + TokenType + ".EndArray)");
        writer.Open().Line("throw ShapeError();").Close();
        writer.Close();
    }

    private static string TypeInfo(ParameterModel parameter) =>
        "(" + RuntimeNames.JsonTypeInfo + "<" + parameter.Type + ">)options.GetTypeInfo(typeof(" + parameter.TypeOfType + "))";

    private static string Options(GrainMethodModel method)
    {
        if (method.IsOneWay && method.IsAlwaysInterleave)
        {
            return RuntimeNames.InvokeMethodOptions + ".OneWay | " + RuntimeNames.InvokeMethodOptions + ".AlwaysInterleave";
        }

        return RuntimeNames.InvokeMethodOptions + (method.IsOneWay ? ".OneWay" : method.IsAlwaysInterleave ? ".AlwaysInterleave" : ".None");
    }

    private static string Timeout(GrainMethodModel method) =>
        method.TimeoutTicks is { } ticks
            ? RuntimeNames.TimeSpan + ".FromTicks(" + ticks.ToString(CultureInfo.InvariantCulture) + "L)"
            : "null";

    public static string Arg(int index) => "Arg" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Escapes text for an XML doc comment.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
