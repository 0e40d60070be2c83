namespace EnterpriseHub.Alerting.Matching;

/// <summary>The four matcher operators of Prometheus and Alertmanager.</summary>
public enum MatchOperator
{
    /// <summary><c>=</c>: the value equals.</summary>
    Equal,

    /// <summary><c>!=</c>: the value differs.</summary>
    NotEqual,

    /// <summary><c>=~</c>: the regular expression matches the whole value.</summary>
    Regex,

    /// <summary><c>!~</c>: the regular expression does not match the whole value.</summary>
    NotRegex,
}
