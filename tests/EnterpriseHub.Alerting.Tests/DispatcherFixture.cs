using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Alerting.Configuration;
using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.TestingHost;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>A dispatcher on a manual clock whose deliveries all succeed at once, recording what was sent.</summary>
public sealed class DispatcherFixture
{
    public DispatcherFixture(string yaml)
    {
        Dispatcher = new AlertDispatcher(AlertingConfigurationLoader.Parse(yaml), Clock);
    }

    public ManualTimeProvider Clock { get; } = new(Alerts.T0);

    public AlertDispatcher Dispatcher { get; }

    public List<Notification> Sent { get; } = [];

    public List<AlertChange> Events { get; } = [];

    /// <summary>Receives alerts, then ticks.</summary>
    public List<Notification> Receive(params Alert[] alerts)
    {
        Dispatcher.Receive(alerts);
        return Tick();
    }

    /// <summary>Moves the clock, ticking at every due time on the way as the router's timer does.</summary>
    public List<Notification> Advance(TimeSpan by)
    {
        var target = Clock.GetUtcNow() + by;
        var sent = new List<Notification>();
        for (var steps = 0; Dispatcher.NextDueAt() is { } due && due <= target; steps++)
        {
            Assert.True(steps < 100_000, "the dispatcher keeps asking for ticks without progress");
            Clock.Advance(due > Clock.GetUtcNow() ? due - Clock.GetUtcNow() : TimeSpan.Zero);
            sent.AddRange(Tick());
        }

        Clock.Advance(target - Clock.GetUtcNow());
        sent.AddRange(Tick());
        return sent;
    }

    /// <summary>Ticks and delivers everything successfully.</summary>
    public List<Notification> Tick()
    {
        var sent = Dispatcher.Tick();
        foreach (var n in sent)
        {
            Dispatcher.Delivered(new AlertDeliveryReport(n.Id, n.Receiver, n.IntegrationKey, n.GroupId, true, 1, null));
        }

        Sent.AddRange(sent);
        Events.AddRange(Dispatcher.TakeChanges().Events);
        return sent;
    }

    public static string Summary(Notification n) =>
        $"{n.Receiver} {n.GroupKey} " + string.Join(",", n.Alerts.Select(a => $"{a.Name}:{a.Labels["service"]}:{a.State}"));
}
