using EnterpriseHub.Abstractions.Services;

namespace EnterpriseHub.Grains.Monitoring;

/// <summary>
/// Multi-window, multi-burn-rate SLO alerting (Google SRE Workbook, "Alerting on SLOs"): the error budget burns
/// at rate r when the bad fraction is r × (1 − objective). A page needs r ≥ 14.4 over both 1 h and 5 m (2% of a
/// 30-day budget in an hour); a ticket needs r ≥ 6 over both 6 h and 30 m (5% in six hours). The short window
/// makes the alert stop soon after the burn stops.
/// </summary>
public sealed class SloBurnRateTracker
{
    /// <summary>Burn rate that pages over 1 h and 5 m.</summary>
    public const double FastBurn = 14.4;

    /// <summary>Burn rate that opens a ticket over 6 h and 30 m.</summary>
    public const double SlowBurn = 6;

    private const int Minutes = 360;

    // One bucket per minute of sample time over the longest window: bad and total sample counts.
    private readonly float[] _bad = new float[Minutes];
    private readonly float[] _total = new float[Minutes];
    private readonly long[] _minute = new long[Minutes];

    /// <summary>Tracks <paramref name="slo"/>.</summary>
    public SloBurnRateTracker(SloTarget slo)
    {
        Slo = slo ?? throw new ArgumentNullException(nameof(slo));
        if (slo.Objective is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(slo), slo.Objective, $"SLO '{slo.Name}' objective must be in (0, 1).");
        }

        Array.Fill(_minute, long.MinValue);
    }

    /// <summary>The objective tracked.</summary>
    public SloTarget Slo { get; }

    /// <summary>The newest minute seen.</summary>
    public long LatestMinute { get; private set; } = long.MinValue;

    /// <summary>Counts one sample.</summary>
    public void Add(long timestampMs, double value)
    {
        var minute = Math.DivRem(timestampMs, 60_000, out var remainder) - (remainder < 0 ? 1 : 0);
        var slot = (int)(((minute % Minutes) + Minutes) % Minutes);
        if (_minute[slot] != minute)
        {
            _minute[slot] = minute;
            _bad[slot] = 0;
            _total[slot] = 0;
        }

        var bad = Slo.LowerIsBad ? value < Slo.Threshold : value > Slo.Threshold;
        _bad[slot] += bad ? 1 : 0;
        _total[slot] += 1;
        LatestMinute = Math.Max(LatestMinute, minute);
    }

    /// <summary>The burn rate over the last <paramref name="window"/> of sample time (0 with no samples).</summary>
    public double BurnRate(TimeSpan window)
    {
        var minutes = Math.Clamp((int)Math.Ceiling(window.TotalMinutes), 1, Minutes);
        double bad = 0, total = 0;
        for (var m = LatestMinute - minutes + 1; m <= LatestMinute; m++)
        {
            var slot = (int)(((m % Minutes) + Minutes) % Minutes);
            if (_minute[slot] == m)
            {
                bad += _bad[slot];
                total += _total[slot];
            }
        }

        return total == 0 ? 0 : bad / total / (1 - Slo.Objective);
    }

    /// <summary>True when the fast-burn (page) condition holds.</summary>
    public bool FastBurnHolds => BurnRate(TimeSpan.FromHours(1)) >= FastBurn && BurnRate(TimeSpan.FromMinutes(5)) >= FastBurn;

    /// <summary>True when the slow-burn (ticket) condition holds.</summary>
    public bool SlowBurnHolds => BurnRate(TimeSpan.FromHours(6)) >= SlowBurn && BurnRate(TimeSpan.FromMinutes(30)) >= SlowBurn;
}
