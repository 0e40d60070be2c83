using EnterpriseHub.Runtime;

namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>
/// The alert manager of a silo (key <see cref="DefaultKey"/>), with Alertmanager's semantics: dedup by fingerprint,
/// routing tree, grouping, inhibition, silences, receivers, durable history.
/// </summary>
public interface IAlertRouterGrain : IGrainWithStringKey
{
    /// <summary>The key of the silo's alert router.</summary>
    public const string DefaultKey = "default";

    /// <summary>Takes the current state of some alerts (pending, firing or resolved) from their sources.</summary>
    Task Receive(Alert[] alerts);
}
