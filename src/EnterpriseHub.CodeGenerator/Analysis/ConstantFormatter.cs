using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace EnterpriseHub.CodeGenerator.Analysis;

/// <summary>Writes a parameter's default value as a C# expression of the parameter's type.</summary>
internal static class ConstantFormatter
{
    public static string Format(object? value, ITypeSymbol type)
    {
        var typeName = TypeNames.Plain(type);
        if (value is null)
        {
            return type.IsValueType && !IsNullable(type) ? $"default({typeName})" : "null";
        }

        var literal = value switch
        {
            string s => SymbolDisplay.FormatLiteral(s, quote: true),
            char c => SymbolDisplay.FormatLiteral(c, quote: true),
            bool b => b ? "true" : "false",
            float f => FormatFloat(f),
            double d => FormatDouble(d),
            decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
            long l => l.ToString(CultureInfo.InvariantCulture) + "L",
            ulong ul => ul.ToString(CultureInfo.InvariantCulture) + "UL",
            uint ui => ui.ToString(CultureInfo.InvariantCulture) + "U",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "null",
        };

        // The cast converts enum underlying values and narrow integers (a byte's default is stored as an int
        // literal) to the parameter type; it is a no-op for strings and matching literals.
        return value is string or bool ? literal : $"({typeName})({literal})";
    }

    private static bool IsNullable(ITypeSymbol type) => type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T;

    private static string FormatFloat(float value) =>
        float.IsNaN(value) ? "float.NaN"
        : float.IsPositiveInfinity(value) ? "float.PositiveInfinity"
        : float.IsNegativeInfinity(value) ? "float.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture) + "F";

    private static string FormatDouble(double value) =>
        double.IsNaN(value) ? "double.NaN"
        : double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : value.ToString("R", CultureInfo.InvariantCulture) + "D";
}
