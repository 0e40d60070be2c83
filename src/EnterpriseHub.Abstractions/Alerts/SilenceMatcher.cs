namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>One matcher of a silence, in the shape of Alertmanager's API: <c>name</c>, <c>value</c>,
/// <c>isRegex</c> (a full-match regular expression) and <c>isEqual</c> (false negates it).</summary>
/// <param name="Name">The label name.</param>
/// <param name="Value">The value, or the regular expression.</param>
/// <param name="IsRegex">Whether <paramref name="Value"/> is a regular expression.</param>
/// <param name="IsEqual">False for <c>!=</c> and <c>!~</c>.</param>
public sealed record SilenceMatcher(string Name, string Value, bool IsRegex = false, bool IsEqual = true);
