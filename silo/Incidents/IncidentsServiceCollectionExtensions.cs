using EnterpriseHub.Alerting.Dispatch;
using EnterpriseHub.Grains.Incidents;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using EnterpriseHub.Incidents.Hosting;
using EnterpriseHub.Silo.Demo;

namespace EnterpriseHub.Silo.Incidents;

/// <summary>Wires incidents into the silo.</summary>
public static class IncidentsServiceCollectionExtensions
{
    /// <summary>The demo playbooks, copied next to the executable from <c>infra/playbooks/demo</c>.</summary>
    public static string DemoPlaybookDirectory => Path.Combine(AppContext.BaseDirectory, "playbooks", "demo");

    /// <summary>Adds the playbook engine, the incident grains' services, the alert router's group observer and a
    /// hosted service that resumes open incidents at start. With <c>--demo</c> and no playbook directory configured
    /// the demo playbooks are used.</summary>
    public static IServiceCollection AddIncidents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddIncidentsEngine(configuration);
        if (configuration.GetValue<bool>($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}")
            && string.IsNullOrEmpty(configuration[$"{IncidentsOptions.SectionName}:{nameof(IncidentsOptions.PlaybookDirectory)}"]))
        {
            services.PostConfigure<IncidentsOptions>(o => o.PlaybookDirectory = DemoPlaybookDirectory);
        }

        services.AddSingleton<IRemediationProbe, AlertRemediationProbe>();
        services.AddSingleton<IncidentKpiBoard>();
        services.AddSingleton<IncidentEscalation>();
        services.AddSingleton<IAlertGroupObserver, IncidentOpener>();
        services.AddHostedService<IncidentsStartup>();
        return services;
    }
}
