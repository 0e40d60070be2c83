namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// Spectral residual saliency (Ren et al., "Time-Series Anomaly Detection Service at Microsoft", KDD 2019),
/// computed incrementally so that each sample costs O(window) instead of two FFTs.
/// </summary>
/// <remarks>
/// The paper's steps for a window x: A = |F(x)|, L = log A, R = L - h_q * L (q-point average in frequency),
/// S = |F^-1(exp(R + iP))|, and the point's score is (S - mean(S)) / mean(S). The window's mean (bin 0) is left
/// out of the transform, so the saliency does not depend on the series' offset. Before transforming, kappa
/// points estimated from the mean gradient of the m points before the newest are appended, so the newest real
/// point is not at the window edge. Three observations make this O(window) per sample: (1) the spectrum of the real
/// part of the window is kept with a sliding DFT, X' = W^-k (X - x_old) + x_new W^{(L-1)k}; (2) the kappa
/// estimated points are all equal, so they add x_hat times a precomputed vector; (3) exp(R + iP) = X / exp(h_q * L),
/// and only one output of the inverse transform (the newest real point) is needed, a single O(window) sum.
/// The sliding spectrum is recomputed from the window every 1,024 samples to bound rounding drift.
/// </remarks>
public sealed class SpectralResidualDetector
{
    /// <summary>Transform length (real points plus estimated points).</summary>
    public const int WindowLength = 32;

    /// <summary>Number of estimated points appended (kappa in the paper).</summary>
    public const int EstimatedPoints = 5;

    private const int RealPoints = WindowLength - EstimatedPoints;
    private const int Bins = WindowLength / 2 + 1;
    private const int GradientPoints = 5;
    private const int RefreshInterval = 1024;

    private static readonly double[] ShiftRe = new double[Bins];
    private static readonly double[] ShiftIm = new double[Bins];
    private static readonly double[] NewestRe = new double[Bins];
    private static readonly double[] NewestIm = new double[Bins];
    private static readonly double[] EstimatedRe = new double[Bins];
    private static readonly double[] EstimatedIm = new double[Bins];
    private static readonly double[] InverseRe = new double[Bins];
    private static readonly double[] InverseIm = new double[Bins];

    private readonly double[] _ring = new double[RealPoints];
    private readonly double[] _re = new double[Bins];
    private readonly double[] _im = new double[Bins];
    private readonly double _meanAlpha;
    private int _next;
    private long _count;
    private double _meanSaliency;

    static SpectralResidualDetector()
    {
        for (var k = 0; k < Bins; k++)
        {
            var w = -2 * Math.PI * k / WindowLength;
            ShiftRe[k] = Math.Cos(-w);
            ShiftIm[k] = Math.Sin(-w);
            NewestRe[k] = Math.Cos(w * (RealPoints - 1));
            NewestIm[k] = Math.Sin(w * (RealPoints - 1));
            for (var j = RealPoints; j < WindowLength; j++)
            {
                EstimatedRe[k] += Math.Cos(w * j);
                EstimatedIm[k] += Math.Sin(w * j);
            }

            InverseRe[k] = Math.Cos(-w * (RealPoints - 1));
            InverseIm[k] = Math.Sin(-w * (RealPoints - 1));
        }
    }

    /// <summary>Creates a detector whose saliency mean adapts with <paramref name="meanAlpha"/>.</summary>
    public SpectralResidualDetector(double meanAlpha = 0.05)
    {
        _meanAlpha = meanAlpha;
    }

    /// <summary>Whether the window is full and scores are meaningful.</summary>
    public bool IsReady => _count > RealPoints;

    /// <summary>Samples seen.</summary>
    public long Count => _count;

    /// <summary>Adds a sample and returns its saliency score (S - mean S) / mean S, at least 0; 0 during warm-up.</summary>
    public double Update(double value)
    {
        InputGuard.RequireFinite(value, nameof(value));
        var old = _ring[_next];
        _ring[_next] = value;
        _next = _next + 1 == RealPoints ? 0 : _next + 1;
        _count++;
        if (_count < RealPoints)
        {
            return 0;
        }

        if (_count == RealPoints || _count % RefreshInterval == 0)
        {
            Recompute();
        }
        else
        {
            for (var k = 0; k < Bins; k++)
            {
                var r = _re[k] - old;
                var i = _im[k];
                _re[k] = r * ShiftRe[k] - i * ShiftIm[k] + value * NewestRe[k];
                _im[k] = r * ShiftIm[k] + i * ShiftRe[k] + value * NewestIm[k];
            }
        }

        var saliency = Saliency();
        if (_count == RealPoints)
        {
            _meanSaliency = saliency;
            return 0;
        }

        var mean = _meanSaliency;
        _meanSaliency += _meanAlpha * (saliency - _meanSaliency);
        return mean > 0 ? Math.Max(0, (saliency - mean) / mean) : 0;
    }

    private void Recompute()
    {
        for (var k = 0; k < Bins; k++)
        {
            double re = 0, im = 0;
            for (var j = 0; j < RealPoints; j++)
            {
                var x = _ring[(_next + j) % RealPoints];
                var w = -2 * Math.PI * k * j / WindowLength;
                re += x * Math.Cos(w);
                im += x * Math.Sin(w);
            }

            _re[k] = re;
            _im[k] = im;
        }
    }

    private double Saliency()
    {
        // Extrapolated point: x_hat = x_{n-m} + g m, with g the mean gradient of the point before the newest to its m
        // predecessors. The paper's equations take the gradient at the newest point itself, but then a spike there
        // is extrapolated into the appended points (about 2.3 times its height for m = 5) and hides itself: the
        // newest point is what is being judged, so it is left out of its own continuation.
        var last = _ring[(_next + RealPoints - 2) % RealPoints];
        double g = 0;
        for (var i = 1; i <= GradientPoints; i++)
        {
            g += (last - _ring[(_next + RealPoints - 2 - i) % RealPoints]) / i;
        }

        g /= GradientPoints;
        var estimate = _ring[(_next + RealPoints - 1 - GradientPoints) % RealPoints] + g * GradientPoints;

        // The mean of the window (bin 0) is left out: with a level far from zero its log amplitude would dominate
        // the neighbouring averages and its term the reconstruction, and the saliency of a point would depend on
        // the series' offset. For the 3-bin averages bin 0 takes the log amplitude of bin 1.
        // Amplitudes are floored relative to the window's energy: a flat window has (numerically) empty bins whose
        // log amplitudes would otherwise turn rounding noise into huge saliency.
        Span<double> logAmp = stackalloc double[Bins];
        double energy = 0;
        for (var k = 1; k < Bins; k++)
        {
            var re = _re[k] + estimate * EstimatedRe[k];
            var im = _im[k] + estimate * EstimatedIm[k];
            var power = re * re + im * im;
            logAmp[k] = power;
            energy += power;
        }

        var floor = 1e-8 * energy + 1e-300;
        for (var k = 1; k < Bins; k++)
        {
            logAmp[k] = 0.5 * Math.Log(logAmp[k] + floor);
        }

        logAmp[0] = logAmp[1];

        // Inverse transform at the newest real point; spectrum of real data is Hermitian, so bins 1..n/2-1 count twice.
        double sum = 0;
        for (var k = 1; k < Bins; k++)
        {
            // q = 3 average of the log spectrum; the mirror of bin n/2 + 1 is bin n/2 - 1.
            var right = k == Bins - 1 ? logAmp[Bins - 2] : logAmp[k + 1];
            var inv = Math.Exp(-(logAmp[k - 1] + logAmp[k] + right) / 3.0);
            var re = (_re[k] + estimate * EstimatedRe[k]) * inv;
            var im = (_im[k] + estimate * EstimatedIm[k]) * inv;
            var term = re * InverseRe[k] - im * InverseIm[k];
            sum += k == Bins - 1 ? term : 2 * term;
        }

        return Math.Abs(sum) / WindowLength;
    }

    /// <summary>Captures the state.</summary>
    public SpectralResidualState Snapshot()
    {
        var values = new double[RealPoints];
        for (var j = 0; j < RealPoints; j++)
        {
            values[j] = _ring[(_next + j) % RealPoints];
        }

        return new SpectralResidualState
        {
            MeanAlpha = _meanAlpha,
            Values = values,
            Real = (double[])_re.Clone(),
            Imaginary = (double[])_im.Clone(),
            Count = _count,
            MeanSaliency = _meanSaliency,
        };
    }

    /// <summary>Recreates a detector from a snapshot.</summary>
    public static SpectralResidualDetector Restore(SpectralResidualState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var d = new SpectralResidualDetector(state.MeanAlpha) { _count = state.Count, _meanSaliency = state.MeanSaliency };
        state.Values.CopyTo(d._ring, 0);
        state.Real.CopyTo(d._re, 0);
        state.Imaginary.CopyTo(d._im, 0);
        return d;
    }
}

/// <summary>Serializable state of a <see cref="SpectralResidualDetector"/>.</summary>
public sealed class SpectralResidualState
{
    /// <summary>Saliency mean smoothing.</summary>
    public double MeanAlpha { get; init; }

    /// <summary>Window values, oldest first.</summary>
    public double[] Values { get; init; } = [];

    /// <summary>Sliding spectrum, real parts.</summary>
    public double[] Real { get; init; } = [];

    /// <summary>Sliding spectrum, imaginary parts.</summary>
    public double[] Imaginary { get; init; } = [];

    /// <summary>Samples seen.</summary>
    public long Count { get; init; }

    /// <summary>Running mean of the saliency map at the newest point.</summary>
    public double MeanSaliency { get; init; }
}
