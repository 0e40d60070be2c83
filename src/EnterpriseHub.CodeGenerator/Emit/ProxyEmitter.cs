using System.Collections.Generic;
using EnterpriseHub.CodeGenerator.Models;

namespace EnterpriseHub.CodeGenerator.Emit;

/// <summary>Writes the proxy of one grain interface: a <c>GrainReference</c> that implements every grain method
/// explicitly by filling a request and sending it.</summary>
internal static class ProxyEmitter
{
    public static void Write(CodeWriter writer, GrainInterfaceModel grainInterface, GeneratedNames names)
    {
        var className = names.Proxy(grainInterface.Name);
        writer.Line("/// <summary>Calls <c>" + RequestEmitter.Escape(grainInterface.Name) + "</c> grains through the runtime.</summary>");
        writer.Line("internal sealed class " + className + " : " + RuntimeNames.GrainReference + ", " + grainInterface.Type);
        writer.Open();
        writer.Line("public " + className + "(" + RuntimeNames.GrainReferenceArgs + " args)");
        writer.Indent().Line(": base(args)").Outdent();
        writer.Open().Close();

        foreach (var method in grainInterface.Methods)
        {
            writer.Blank();
            WriteMethod(writer, method, names.Request(method));
        }

        writer.Close();
    }

    private static void WriteMethod(CodeWriter writer, GrainMethodModel method, string requestClass)
    {
        var parameters = new string[method.Parameters.Count];
        var initializers = new string[method.Parameters.Count];
        var parameterNames = new HashSet<string>(System.StringComparer.Ordinal);
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            parameters[i] = parameter.Type + " " + parameter.Name;
            initializers[i] = RequestEmitter.Arg(i) + " = " + parameter.Name;
            parameterNames.Add(parameter.Name.TrimStart('@'));
        }

        var local = "request";
        while (parameterNames.Contains(local))
        {
            local = "_" + local;
        }

        writer.Line(method.ReturnType + " " + method.InterfaceType + "." + method.Identifier + "(" + string.Join(", ", parameters) + ")");
        writer.Open();
        var initializer = initializers.Length == 0 ? "()" : " { " + string.Join(", ", initializers) + " }";
        writer.Line("var " + local + " = new " + requestClass + initializer + ";");
        if (method.IsOneWay)
        {
            writer.Line("InvokeOneWay(" + local + ");");
            writer.Line(method.ReturnKind == ReturnKind.Task ? "return " + RuntimeNames.Task + ".CompletedTask;" : "return default;");
        }
        else if (method.ReturnKind is ReturnKind.Task or ReturnKind.TaskOfT)
        {
            writer.Line("return InvokeAsync(" + local + ").AsTask();");
        }
        else
        {
            writer.Line("return InvokeAsync(" + local + ");");
        }

        writer.Close();
    }
}
