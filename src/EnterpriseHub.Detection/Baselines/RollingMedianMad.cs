using System.Runtime.InteropServices;

namespace EnterpriseHub.Detection.Baselines;

/// <summary>
/// Rolling median and median absolute deviation (MAD) over the last <c>window</c> samples.
/// </summary>
/// <remarks>
/// Keeps the window sorted (insertion in O(window)), each value with a 16-bit arrival stamp beside it, so the
/// value that leaves is found by its stamp (window - 1 arrivals before the newest) rather than kept a second
/// time in arrival order: two bytes per sample instead of eight. The MAD is found without sorting the
/// deviations: on a sorted window the deviations from the median grow monotonically to the left and to the
/// right of it, so the k-th smallest deviation is a two-pointer merge of those two runs (O(window / 2)).
/// 1.4826 MAD estimates sigma for Gaussian data (Rousseeuw and Croux, 1993) while ignoring up to half the
/// window being outliers. Values and stamps live in one array (the stamps packed into its tail): one object
/// and one header per series.
/// </remarks>
public sealed class RollingMedianMad
{
    /// <summary>Consistency constant making 1.4826 * MAD an estimate of the standard deviation for Gaussian data.</summary>
    public const double GaussianConsistency = 1.4826;

    private readonly double[] _values;
    private readonly int _window;
    private int _count;
    private ushort _arrivals;

    /// <summary>Creates a rolling window of <paramref name="window"/> samples (3 to 1024).</summary>
    public RollingMedianMad(int window)
    {
        if (window < 3 || window > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "Rolling median window must be between 3 and 1024 samples.");
        }

        _window = window;

        // The window's values, then room for one ushort stamp per value (four to a double).
        _values = new double[window + ((window + 3) / 4)];
    }

    /// <summary>Window capacity.</summary>
    public int Window => _window;

    private Span<double> Sorted => _values.AsSpan(0, _window);

    private Span<ushort> Stamps => MemoryMarshal.Cast<double, ushort>(_values.AsSpan(_window))[.._window];

    /// <summary>Samples currently in the window.</summary>
    public int Count => _count;

    /// <summary>Median of the window (0 when empty).</summary>
    public double Median
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var sorted = Sorted;
            var mid = _count >> 1;
            return (_count & 1) == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        }
    }

    /// <summary>Median of the newest <paramref name="newest"/> samples of the window (all of them when fewer).</summary>
    /// <remarks>The window is kept sorted, so those samples, picked out by their arrival stamps, come in order: one
    /// pass, no sort.</remarks>
    public double RecentMedian(int newest)
    {
        var n = Math.Min(newest, _count);
        if (n == 0)
        {
            return 0;
        }

        var sorted = Sorted;
        var stamps = Stamps;
        int lowRank = (n - 1) >> 1, highRank = n >> 1, rank = 0;
        double low = 0;
        for (var i = 0; i < _count; i++)
        {
            if ((ushort)(_arrivals - 1 - stamps[i]) < n)
            {
                if (rank == lowRank)
                {
                    low = sorted[i];
                }

                if (rank == highRank)
                {
                    return 0.5 * (low + sorted[i]);
                }

                rank++;
            }
        }

        return low;
    }

    /// <summary>Median absolute deviation from the median (unscaled).</summary>
    public double Mad
    {
        get
        {
            if (_count < 2)
            {
                return 0;
            }

            var m = Median;
            var sorted = Sorted;
            var n = _count;
            var mid = n >> 1;

            // Left run: indices < right start, deviations m - s[l] increasing as l decreases.
            var l = (n & 1) == 1 ? mid : mid - 1;
            var r = l + 1;
            var k0 = (n - 1) >> 1;
            var k1 = n >> 1;
            double d0 = 0, d = 0;
            for (var k = 0; k <= k1; k++)
            {
                var dl = l >= 0 ? m - sorted[l] : double.MaxValue;
                var dr = r < n ? sorted[r] - m : double.MaxValue;
                if (dl <= dr)
                {
                    d = dl;
                    l--;
                }
                else
                {
                    d = dr;
                    r++;
                }

                if (k == k0)
                {
                    d0 = d;
                }
            }

            return 0.5 * (d0 + d);
        }
    }

    /// <summary>Robust standard deviation estimate, 1.4826 * MAD.</summary>
    public double Scale => GaussianConsistency * Mad;

    /// <summary>Adds one sample, evicting the oldest when the window is full.</summary>
    public void Update(double value)
    {
        InputGuard.RequireFinite(value, nameof(value));
        var sorted = Sorted;
        var stamps = Stamps;
        var n = _count;
        if (n == _window)
        {
            // Remove the oldest value (stamped window arrivals ago) by shifting, then insert the new one.
            var idx = stamps.IndexOf((ushort)(_arrivals - _window));
            sorted.Slice(idx + 1, n - idx - 1).CopyTo(sorted.Slice(idx));
            stamps.Slice(idx + 1, n - idx - 1).CopyTo(stamps.Slice(idx));
            n--;
        }
        else
        {
            _count++;
        }

        var pos = n;
        while (pos > 0 && sorted[pos - 1] > value)
        {
            sorted[pos] = sorted[pos - 1];
            stamps[pos] = stamps[pos - 1];
            pos--;
        }

        sorted[pos] = value;
        stamps[pos] = _arrivals;
        _arrivals++;
    }

    /// <summary>Captures the state (values in arrival order, oldest first).</summary>
    public RollingWindowState Snapshot()
    {
        var values = new double[_count];
        var sorted = Sorted;
        var stamps = Stamps;
        for (var i = 0; i < _count; i++)
        {
            // The newest value has age 0 and goes last.
            var age = (ushort)(_arrivals - 1 - stamps[i]);
            values[_count - 1 - age] = sorted[i];
        }

        return new RollingWindowState { Window = _window, Values = values };
    }

    /// <summary>Recreates a rolling window from a snapshot.</summary>
    public static RollingMedianMad Restore(RollingWindowState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var window = new RollingMedianMad(state.Window);
        foreach (var v in state.Values)
        {
            window.Update(v);
        }

        return window;
    }
}

/// <summary>Serializable state of a <see cref="RollingMedianMad"/>.</summary>
public sealed class RollingWindowState
{
    /// <summary>Window capacity.</summary>
    public int Window { get; init; }

    /// <summary>Values in arrival order, oldest first.</summary>
    public double[] Values { get; init; } = [];
}
