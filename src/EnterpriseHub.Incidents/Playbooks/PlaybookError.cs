namespace EnterpriseHub.Incidents.Playbooks;

/// <summary>A problem in a playbook file, at a line and column (1-based), printed as <c>file:line:column: message</c>.</summary>
public sealed record PlaybookError(string File, int Line, int Column, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{File}:{Line}:{Column}: {Message}";
}

/// <summary>Thrown when a playbook file cannot be used; <see cref="Errors"/> says where and why.</summary>
public sealed class PlaybookValidationException : Exception
{
    /// <summary>Creates the exception from the errors found.</summary>
    public PlaybookValidationException(IReadOnlyList<PlaybookError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PlaybookValidationException()
        : this([])
    {
    }

    /// <summary>Creates an exception with a message only.</summary>
    public PlaybookValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates an exception with a message and cause.</summary>
    public PlaybookValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<PlaybookError> Errors { get; }
}
