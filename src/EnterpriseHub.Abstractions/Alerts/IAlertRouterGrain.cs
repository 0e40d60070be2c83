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

    /// <summary>Active alerts with their mute state, or the stored history of state changes.</summary>
    Task<AlertView[]> GetAlerts(AlertQuery query);

    /// <summary>Every stored silence, newest first.</summary>
    Task<SilenceRecord[]> GetSilences();

    /// <summary>One silence, or null.</summary>
    Task<SilenceRecord?> GetSilence(string id);

    /// <summary>Creates a silence; throws <see cref="ArgumentException"/> when the request is invalid.</summary>
    Task<SilenceRecord> CreateSilence(SilenceRequest request);

    /// <summary>Changes a silence that has not expired; null when there is none with <paramref name="id"/>;
    /// throws <see cref="InvalidOperationException"/> when it has expired.</summary>
    Task<SilenceRecord?> UpdateSilence(string id, SilenceRequest request);

    /// <summary>Ends a silence now; null when there is none with <paramref name="id"/>.</summary>
    Task<SilenceRecord?> ExpireSilence(string id);

    /// <summary>The active alerts (pending or firing) that a silence made of <paramref name="request"/> would mute
    /// while active.</summary>
    Task<AlertView[]> PreviewSilence(SilenceRequest request);

    /// <summary>The notification worker's word on a delivery.</summary>
    [OneWay]
    Task ReportDelivery(AlertDeliveryReport report);
}
