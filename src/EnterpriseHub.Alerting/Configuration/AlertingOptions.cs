using Microsoft.Extensions.Options;

namespace EnterpriseHub.Alerting.Configuration;

/// <summary>Settings of the alert router (section <c>Alerting</c>); routes and receivers live in
/// <see cref="ConfigFile"/>.</summary>
public sealed class AlertingOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Alerting";

    /// <summary>The file name of the alert store inside the data directory.</summary>
    public const string DatabaseFileName = "alerts.db";

    /// <summary>Default <see cref="KeepAliveInterval"/>.</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>Default <see cref="MaxDeliveryAttempts"/>.</summary>
    public const int DefaultMaxDeliveryAttempts = 5;

    /// <summary>Default <see cref="InitialRetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultInitialRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="MaxRetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultMaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="DeliveryConcurrency"/>.</summary>
    public const int DefaultDeliveryConcurrency = 4;

    /// <summary>The YAML file in Alertmanager's shape (<c>route</c>, <c>receivers</c>, <c>inhibit_rules</c>);
    /// relative paths are taken from the working directory. Unset: one route to a receiver that only records.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The URL receivers see as <c>externalURL</c>: where people reach this silo.</summary>
    public string ExternalUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>How often the event stream sends a keep-alive comment when there is nothing to say.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;

    /// <summary>Attempts per notification before it counts as failed (the next group flush tries again).</summary>
    public int MaxDeliveryAttempts { get; set; } = DefaultMaxDeliveryAttempts;

    /// <summary>The wait before the first retry; it doubles on each retry up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = DefaultInitialRetryDelay;

    /// <summary>The longest wait between retries.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>How many notifications are delivered at once.</summary>
    public int DeliveryConcurrency { get; set; } = DefaultDeliveryConcurrency;
}

/// <summary>Rejects alerting settings that cannot work.</summary>
public sealed class AlertingOptionsValidator : IValidateOptions<AlertingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.ExternalUrl, UriKind.Absolute, out _))
        {
            failures.Add("Alerting:ExternalUrl must be an absolute URL.");
        }

        if (options.KeepAliveInterval <= TimeSpan.Zero)
        {
            failures.Add("Alerting:KeepAliveInterval must be positive.");
        }

        if (options.MaxDeliveryAttempts < 1)
        {
            failures.Add("Alerting:MaxDeliveryAttempts must be at least 1.");
        }

        if (options.InitialRetryDelay < TimeSpan.Zero || options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add("Alerting:InitialRetryDelay must not be negative and Alerting:MaxRetryDelay not below it.");
        }

        if (options.DeliveryConcurrency < 1)
        {
            failures.Add("Alerting:DeliveryConcurrency must be at least 1.");
        }

        if (options.ConfigFile is { Length: > 0 } file && !File.Exists(file))
        {
            failures.Add($"Alerting:ConfigFile '{Path.GetFullPath(file)}' does not exist.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
