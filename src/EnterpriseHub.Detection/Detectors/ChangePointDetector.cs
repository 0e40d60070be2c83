namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Change-point detection with a conformal test martingale (Vovk, Nouretdinov and Gammerman, "Testing
/// exchangeability on-line", ICML 2003; Ho, "A martingale framework for concept change detection", 2005).
/// </summary>
/// <remarks>
/// Each sample's strangeness (supplied by the caller, e.g. its distance from a slow baseline) is ranked
/// against the last <c>memory</c> strangeness values to give a conformal p-value
/// p = (#{a_j &gt;= a_n} + 1) / (n + 1). While the stream is exchangeable these are (conservatively) uniform and
/// the power martingale M = prod(eps p^(eps - 1)) stays small; after a level shift every new point is
/// stranger than the recent past, p-values stay small and M grows geometrically. By Ville's inequality
/// P(sup M &gt;= lambda) &lt;= 1/lambda, so 1/M is a valid p-value for "no change yet". To avoid choosing eps,
/// the martingale is the average over a small grid of eps (a discrete "simple mixture"). Each component is
/// floored at 1 (a CUSUM-like restart) so that long quiet periods do not bury the statistic; this trades the
/// exact Ville bound for a bounded detection delay.
/// </remarks>
public sealed class ChangePointDetector
{
    private static readonly double[] Epsilons = [0.05, 0.15, 0.3, 0.5];
    private static readonly double[] LogEpsilons = [Math.Log(0.05), Math.Log(0.15), Math.Log(0.3), Math.Log(0.5)];

    private readonly float[] _history;
    private readonly double[] _logMartingales = new double[Epsilons.Length];
    private int _count;
    private int _next;

    /// <summary>Creates a detector ranking each strangeness against the last <paramref name="memory"/> values.</summary>
    public ChangePointDetector(int memory = 64)
    {
        if (memory < 8 || memory > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(memory), memory, "Change-point memory must be between 8 and 4096 samples.");
        }

        _history = new float[memory];
    }

    /// <summary>Current martingale value (at least 1).</summary>
    public double Martingale
    {
        get
        {
            double m = 0;
            for (var i = 0; i < _logMartingales.Length; i++)
            {
                m += Math.Exp(Math.Min(_logMartingales[i], 700));
            }

            return m / _logMartingales.Length;
        }
    }

    /// <summary>Whether enough history exists for meaningful p-values.</summary>
    public bool IsReady => _count >= _history.Length / 2;

    /// <summary>Adds a strangeness value (non-negative) and returns the conformal p-value of it.</summary>
    public double Update(double strangeness)
    {
        InputGuard.RequireFinite(strangeness, nameof(strangeness));
        var a = (float)strangeness;
        var atLeast = 1;
        for (var i = 0; i < _count; i++)
        {
            if (_history[i] >= a)
            {
                atLeast++;
            }
        }

        var p = (double)atLeast / (_count + 1);
        if (IsReady)
        {
            var logP = Math.Log(p);
            for (var i = 0; i < Epsilons.Length; i++)
            {
                _logMartingales[i] = Math.Max(0, _logMartingales[i] + LogEpsilons[i] + (Epsilons[i] - 1) * logP);
            }
        }

        _history[_next] = a;
        _next = _next + 1 == _history.Length ? 0 : _next + 1;
        if (_count < _history.Length)
        {
            _count++;
        }

        return p;
    }

    /// <summary>Restarts the martingale after a reported change (the history is kept).</summary>
    public void ResetMartingale() => Array.Clear(_logMartingales);

    /// <summary>Captures the state.</summary>
    public ChangePointState Snapshot() => new()
    {
        History = _history.AsSpan(0, _count).ToArray(),
        Memory = _history.Length,
        Next = _next,
        LogMartingales = (double[])_logMartingales.Clone(),
    };

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static ChangePointDetector Restore(ChangePointState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = new ChangePointDetector(state.Memory) { _count = state.History.Length, _next = state.Next };
        state.History.CopyTo(d._history, 0);
        state.LogMartingales.CopyTo(d._logMartingales, 0);
        return d;
    }
}

/// <summary>Serializable state of a <see cref="ChangePointDetector"/>.</summary>
public sealed class ChangePointState
{
    /// <summary>Recent strangeness values (ring order).</summary>
    public float[] History { get; init; } = [];

    /// <summary>Ring capacity.</summary>
    public int Memory { get; init; }

    /// <summary>Next ring position.</summary>
    public int Next { get; init; }

    /// <summary>Log martingale per epsilon.</summary>
    public double[] LogMartingales { get; init; } = [];
}
