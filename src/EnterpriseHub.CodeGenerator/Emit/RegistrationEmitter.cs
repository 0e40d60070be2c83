using System.Collections.Generic;
using System.Globalization;
using EnterpriseHub.CodeGenerator.Models;
using Microsoft.CodeAnalysis.CSharp;

namespace EnterpriseHub.CodeGenerator.Emit;

/// <summary>Writes the module initializer that registers proxies, request types and grain classes with
/// <c>GrainTypeRegistry</c> when the assembly loads.</summary>
internal static class RegistrationEmitter
{
    public const string ClassName = "GrainRegistration";

    public static void Write(
        CodeWriter writer,
        IReadOnlyList<GrainInterfaceModel> interfaces,
        IReadOnlyList<(GrainMethodModel Method, string ClassName)> requests,
        IReadOnlyList<GrainClassModel> classes,
        GeneratedNames names)
    {
        const string Registry = RuntimeNames.GrainTypeRegistry;
        writer.Line("/// <summary>Registers this assembly's grain proxies, request types and grain classes when it loads.</summary>");
        writer.Line("internal static class " + ClassName);
        writer.Open();
        writer.Line("[" + RuntimeNames.ModuleInitializer + "]");
        writer.Line("internal static void Register()");
        writer.Open();
        foreach (var grainInterface in interfaces)
        {
            writer.Line(Registry + ".RegisterInterface<" + grainInterface.Type + ">(static args => new " + names.Proxy(grainInterface.Name) + "(args));");
        }

        foreach (var (method, className) in requests)
        {
            writer.Line(Registry + ".RegisterRequest(" + SymbolDisplay.FormatLiteral(method.Signature, quote: true) + ", static () => new " + className + "());");
        }

        foreach (var grainClass in classes)
        {
            WriteGrainClass(writer, grainClass);
        }

        writer.Close();
        writer.Close();
    }

    private static void WriteGrainClass(CodeWriter writer, GrainClassModel grainClass)
    {
        var interfaces = new string[grainClass.Interfaces.Count];
        for (var i = 0; i < interfaces.Length; i++)
        {
            interfaces[i] = "typeof(" + grainClass.Interfaces[i] + ")";
        }

        var collectionAge = grainClass.CollectionAgeTicks is { } ticks
            ? RuntimeNames.TimeSpan + ".FromTicks(" + ticks.ToString(CultureInfo.InvariantCulture) + "L)"
            : "null";

        writer.Line(RuntimeNames.GrainTypeRegistry + ".RegisterGrainClass(new " + RuntimeNames.GrainClassDescriptor + "(");
        writer.Indent();
        writer.Line("typeof(" + grainClass.Type + "),");
        writer.Line(SymbolDisplay.FormatLiteral(grainClass.GrainType, quote: true) + ",");
        writer.Line("new " + RuntimeNames.Type + "[] { " + string.Join(", ", interfaces) + " },");
        writer.Line((grainClass.IsReentrant ? "true" : "false") + ",");
        writer.Line(collectionAge + ",");
        var arguments = grainClass.Arguments;
        if (arguments.Count == 0)
        {
            writer.Line("static (services, context) => new " + grainClass.Type + "()));");
        }
        else
        {
            writer.Line("static (services, context) => new " + grainClass.Type + "(");
            writer.Indent();
            for (var i = 0; i < arguments.Count; i++)
            {
                writer.Line(Argument(arguments[i], i) + (i == arguments.Count - 1 ? ")));" : ","));
            }

            writer.Outdent();
        }

        writer.Outdent();
    }

    private static string Argument(ActivatorArgumentModel argument, int position)
    {
        const string Services = RuntimeNames.ServiceProviderExtensions;
        switch (argument.Kind)
        {
            case ActivatorArgumentKind.PersistentState:
                return "context.GetPersistentState<" + argument.Type + ">(" + argument.StateName + ", " + argument.StorageName + ")";
            case ActivatorArgumentKind.OptionalService when argument.IsNonNullableValueType:
                // GetService<T> would turn "not registered" into default(T); test the boxed service instead.
                var variable = "service" + position.ToString(CultureInfo.InvariantCulture);
                return "services.GetService(typeof(" + argument.Type + ")) is " + argument.Type + " " + variable + " ? " + variable + " : " + argument.DefaultValue;
            case ActivatorArgumentKind.OptionalService when argument.DefaultValue == "null":
                return Services + ".GetService<" + argument.Type + ">(services)!";
            case ActivatorArgumentKind.OptionalService:
                return Services + ".GetService<" + argument.Type + ">(services) ?? " + argument.DefaultValue;
            default:
                return Services + ".GetRequiredService<" + argument.Type + ">(services)";
        }
    }
}
