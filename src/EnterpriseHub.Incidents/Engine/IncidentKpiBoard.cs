using EnterpriseHub.Abstractions.Incidents;

namespace EnterpriseHub.Incidents.Engine;

/// <summary>The latest KPIs, published by the incident directory for readers that cannot call grains
/// synchronously (the /metrics exposition).</summary>
public sealed class IncidentKpiBoard
{
    private IncidentKpis _current = new(0, 0, 0, 0, 0, 0, 0, 0, []);

    /// <summary>The latest KPIs.</summary>
    public IncidentKpis Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
