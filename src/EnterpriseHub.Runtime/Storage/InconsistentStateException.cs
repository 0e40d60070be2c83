namespace EnterpriseHub.Runtime;

/// <summary>Thrown when a write or clear names an ETag that no longer matches the stored record:
/// someone else wrote the state since this copy was read.</summary>
public sealed class InconsistentStateException : Exception
{
    /// <summary>Creates the exception with the ETag that was stored and the one the writer expected.</summary>
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    /// <summary>Creates the exception with a message only.</summary>
    public InconsistentStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a default message.</summary>
    public InconsistentStateException()
        : base("The stored grain state changed since it was read.")
    {
    }

    /// <summary>The ETag in storage, or null when no record exists.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the writer expected.</summary>
    public string? CurrentEtag { get; }
}
