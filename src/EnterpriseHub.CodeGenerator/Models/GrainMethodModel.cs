namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>One grain interface method, as the request class and the proxy need it.</summary>
/// <param name="InterfaceName">Full name of the declaring interface without global::, e.g. MyNs.IFoo.</param>
/// <param name="InterfaceType">The declaring interface as fully qualified type syntax.</param>
/// <param name="Name">The method name as written.</param>
/// <param name="Identifier">The method name as a C# identifier (escaped when it is a keyword).</param>
/// <param name="Index">The method's position among the grain methods of its declaring interface.</param>
/// <param name="Signature">The stable cross-process name: interface, method and parameter types.</param>
/// <param name="ReturnKind">Which awaitable the method returns.</param>
/// <param name="ReturnType">The full return type with nullable annotations.</param>
/// <param name="ResultType">The result type of Task{T}/ValueTask{T}; null for Task/ValueTask.</param>
/// <param name="Parameters">The parameters in order.</param>
/// <param name="IsOneWay">True for [OneWay].</param>
/// <param name="IsAlwaysInterleave">True for [AlwaysInterleave].</param>
/// <param name="TimeoutTicks">The [ResponseTimeout] in ticks, or null.</param>
internal sealed record GrainMethodModel(
    string InterfaceName,
    string InterfaceType,
    string Name,
    string Identifier,
    int Index,
    string Signature,
    ReturnKind ReturnKind,
    string ReturnType,
    string? ResultType,
    EquatableArray<ParameterModel> Parameters,
    bool IsOneWay,
    bool IsAlwaysInterleave,
    long? TimeoutTicks);
