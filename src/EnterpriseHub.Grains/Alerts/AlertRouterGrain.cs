using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Alerting.Receivers;
using EnterpriseHub.Alerting.Silencing;
using EnterpriseHub.Alerting.Storage;
using EnterpriseHub.Runtime;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Grains.Alerts;

/// <summary>
/// The silo's alert manager. It owns an <see cref="AlertDispatcher"/> in memory and drives it turn by turn: every
/// call and timer tick applies its change, flushes the groups that are due, hands notifications to the
/// <see cref="NotificationWorker"/> (deliveries report back as <see cref="ReportDelivery"/> calls, so no turn waits
/// on a receiver), stores the changes in one transaction and wakes event-stream readers. One one-shot timer is armed
/// for the dispatcher's next due time; a one-minute keep-alive tick keeps the activation alive and is a safety net.
/// </summary>
[GrainType("alert-router")]
public sealed class AlertRouterGrain(
    AlertingConfiguration configuration,
    AlertStore store,
    NotificationWorker worker,
    AlertEventFeed feed,
    TimeProvider time,
    ILogger<AlertRouterGrain> logger,
    IAlertGroupObserver? groupObserver = null) : Grain, IAlertRouterGrain
{
    /// <summary>The period of the keep-alive tick.</summary>
    public static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromMinutes(1);

    private AlertDispatcher _dispatcher = null!;
    private IGrainTimer? _dueTimer;
    private DateTimeOffset? _dueTimerAt;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _dispatcher = new AlertDispatcher(configuration, time);
        _dispatcher.Restore(store.LoadActiveAlerts(), store.LoadSilences(), store.LoadNotificationLog());
        logger.LogInformation("Alert router {Key} active with {Alerts} active alert(s) and {Silences} silence(s)",
            GetPrimaryKeyString(), _dispatcher.Alerts.Count, _dispatcher.Silences.Count());
        RegisterGrainTimer(
            static (self, _) => self.OnTimer(),
            this,
            new GrainTimerCreationOptions { DueTime = HousekeepingPeriod, Period = HousekeepingPeriod, KeepAlive = true });
        Run();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Receive(Alert[] alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        _dispatcher.Receive(alerts);
        Run();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AlertView[]> GetAlerts(AlertQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!query.Active)
        {
            return Task.FromResult(store.QueryHistory(query).ToArray());
        }

        var views = new List<AlertView>();
        foreach (var tracked in _dispatcher.Alerts.Values)
        {
            var alert = tracked.Alert;
            if ((query.State is null || alert.State == query.State)
                && (query.Severity is null || alert.Severity == query.Severity)
                && (query.Kind is null || alert.Kind == query.Kind)
                && (query.Since is null || alert.StartsAt >= query.Since)
                && (query.Service is null || (alert.Labels.TryGetValue("service", out var s) && s == query.Service)))
            {
                views.Add(tracked.ToView());
            }
        }

        views.Sort(static (a, b) =>
        {
            var byStart = b.Alert.StartsAt.CompareTo(a.Alert.StartsAt);
            return byStart != 0 ? byStart : string.CompareOrdinal(a.Alert.Fingerprint, b.Alert.Fingerprint);
        });
        return Task.FromResult(views.Take(Math.Clamp(query.Limit, 1, AlertQuery.MaxLimit)).ToArray());
    }

    /// <inheritdoc />
    public Task<SilenceRecord[]> GetSilences()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(_dispatcher.Silences
            .Select(s => s.ViewAt(now))
            .OrderByDescending(s => s.UpdatedAt)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToArray());
    }

    /// <inheritdoc />
    public Task<SilenceRecord?> GetSilence(string id) => Task.FromResult(_dispatcher.GetSilence(id));

    /// <inheritdoc />
    public Task<SilenceRecord> CreateSilence(SilenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var silence = _dispatcher.CreateSilence(request, CreatedBy(request));
        Run();
        logger.LogInformation("Silence {SilenceId} created by {CreatedBy} until {EndsAt}", silence.Id, silence.CreatedBy, silence.EndsAt);
        return Task.FromResult(silence);
    }

    /// <inheritdoc />
    public Task<SilenceRecord?> UpdateSilence(string id, SilenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var silence = _dispatcher.UpdateSilence(id, request, CreatedBy(request));
        Run();
        return Task.FromResult(silence);
    }

    /// <inheritdoc />
    public Task<SilenceRecord?> ExpireSilence(string id)
    {
        var silence = _dispatcher.ExpireSilence(id);
        Run();
        return Task.FromResult(silence);
    }

    /// <inheritdoc />
    public Task<AlertView[]> PreviewSilence(SilenceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SilenceValidator.ThrowIfInvalid(request, time.GetUtcNow());
        return Task.FromResult(_dispatcher.Preview(request.Matchers).ToArray());
    }

    /// <inheritdoc />
    public Task ReportDelivery(AlertDeliveryReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _dispatcher.Delivered(report);
        Run();
        return Task.CompletedTask;
    }

    private static string CreatedBy(SilenceRequest request) =>
        string.IsNullOrWhiteSpace(request.CreatedBy) ? "unknown" : request.CreatedBy;

    private Task OnTimer()
    {
        Run();
        return Task.CompletedTask;
    }

    /// <summary>Does what is due, delivers, stores and re-arms: the end of every turn that may change something.</summary>
    private void Run()
    {
        var notifications = _dispatcher.Tick();
        foreach (var notification in notifications)
        {
            // Incidents open from here, keyed by the group key (see IAlertGroupObserver).
            groupObserver?.OnNotification(notification);
            if (notification.Integration is null)
            {
                // A receiver without integrations only records: the notification is "delivered" by being logged.
                _dispatcher.Delivered(new AlertDeliveryReport(notification.Id, notification.Receiver, notification.IntegrationKey, notification.GroupId, true, 1, null));
            }
            else
            {
                var self = GrainFactory.GetGrain<IAlertRouterGrain>(GetPrimaryKeyString());
                worker.Enqueue(notification, self.ReportDelivery);
            }
        }

        var changes = _dispatcher.TakeChanges();
        if (!changes.IsEmpty)
        {
            store.Commit(changes);
            feed.Publish();
        }

        Rearm();
    }

    private void Rearm()
    {
        var next = _dispatcher.NextDueAt();
        if (next == _dueTimerAt)
        {
            return;
        }

        // A fresh one-shot timer each time rather than Change() on the old one: a tick that came due while its
        // callback still ran would be dropped by the runtime's no-overlap rule.
        _dueTimer?.Dispose();
        _dueTimer = null;
        _dueTimerAt = next;
        if (next is { } at)
        {
            var due = at - time.GetUtcNow();
            _dueTimer = RegisterGrainTimer(
                static (self, _) => self.OnDueTimer(),
                this,
                new GrainTimerCreationOptions { DueTime = due > TimeSpan.Zero ? due : TimeSpan.Zero, KeepAlive = true });
        }
    }

    private Task OnDueTimer()
    {
        _dueTimerAt = null;
        return OnTimer();
    }
}
