namespace EnterpriseHub.Alerting.Configuration;

/// <summary>The alerting configuration file is unreadable or invalid; the message names the file and the place.</summary>
public sealed class AlertingConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlertingConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AlertingConfigurationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AlertingConfigurationException(string message)
        : base(message)
    {
    }
}
