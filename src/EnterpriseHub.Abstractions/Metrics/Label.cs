namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>One label of a series.</summary>
/// <param name="Name">The label name, for example <c>region</c>.</param>
/// <param name="Value">The label value.</param>
public readonly record struct Label(string Name, string Value);
