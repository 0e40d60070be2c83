using Microsoft.CodeAnalysis;

namespace EnterpriseHub.CodeGenerator;

/// <summary>The errors the grain generator reports. Each one stops code generation for the type it names, so the
/// build fails with this message rather than with a confusing error inside generated code.</summary>
internal static class Diagnostics
{
    private const string Category = "EnterpriseHub.CodeGenerator";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "EHUB001",
        "Unsupported grain method return type",
        "Grain method '{0}' returns '{1}'; grain methods must return Task, Task<T>, ValueTask or ValueTask<T>");

    public static readonly DiagnosticDescriptor OneWayReturnsValue = Error(
        "EHUB002",
        "One-way grain method returns a value",
        "Grain method '{0}' is [OneWay] but returns '{1}'; the caller of a one-way method gets no result, so it must return Task or ValueTask");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "EHUB003",
        "Parameter passed by reference",
        "Parameter '{0}' of '{1}' is declared '{2}'; grain calls copy their arguments, so ref, out and in parameters are not supported");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "EHUB004",
        "Generic grain method",
        "Grain method '{0}' is generic; generic grain methods are not supported");

    public static readonly DiagnosticDescriptor GenericInterface = Error(
        "EHUB005",
        "Generic grain interface",
        "Grain interface '{0}' is or derives from the generic grain interface '{1}'; generic grain interfaces are not supported");

    public static readonly DiagnosticDescriptor CancellationTokenParameter = Error(
        "EHUB006",
        "CancellationToken parameter on a grain method",
        "Parameter '{0}' of '{1}' is a CancellationToken; cancellation of grain calls is not supported yet, remove the parameter");

    public static readonly DiagnosticDescriptor ConstructorCount = Error(
        "EHUB007",
        "Grain class needs exactly one public constructor",
        "Grain class '{0}' has {1} public constructors; the generated activator needs exactly one");

    public static readonly DiagnosticDescriptor PersistentStateType = Error(
        "EHUB008",
        "[PersistentState] parameter is not IPersistentState<T>",
        "Parameter '{0}' of '{1}' is marked [PersistentState] but its type is '{2}'; it must be EnterpriseHub.Runtime.IPersistentState<T>");

    public static readonly DiagnosticDescriptor StateTypeNotCreatable = Error(
        "EHUB009",
        "Persistent state type cannot be created",
        "State type '{0}' of parameter '{1}' has no public parameterless constructor; the runtime creates state with new()");

    public static readonly DiagnosticDescriptor InvalidResponseTimeout = Error(
        "EHUB010",
        "Invalid [ResponseTimeout] value",
        "[ResponseTimeout(\"{0}\")] on '{1}' is not a positive TimeSpan in constant form, for example \"00:00:05\"");

    public static readonly DiagnosticDescriptor UnsupportedMember = Error(
        "EHUB011",
        "Grain interface member the proxy cannot implement",
        "Grain interface '{0}' has member '{1}' that is not a grain method; grain interfaces may declare only instance methods and inherit only from grain interfaces");

    public static readonly DiagnosticDescriptor Inaccessible = Error(
        "EHUB012",
        "Grain type not accessible to generated code",
        "'{0}' must be public or internal (and nested only in public or internal types) so that generated code can use it");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "EHUB013",
        "Parameter type a request cannot carry",
        "Parameter '{0}' of '{1}' has type '{2}', which a request cannot carry (ref struct, pointer or dynamic)");

    public static readonly DiagnosticDescriptor InvalidGrainType = Error(
        "EHUB014",
        "Invalid [GrainType] name",
        "[GrainType(\"{0}\")] on '{1}' must be non-empty and must not contain '/', which separates type and key in grain ids");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
