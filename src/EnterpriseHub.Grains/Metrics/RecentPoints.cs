using System.Runtime.InteropServices;
using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Grains.Metrics;

/// <summary>
/// A fixed ring of the latest points for charts, one 16-byte struct per point in a single array: adding a point
/// touches one cache line, which matters when a silo holds a hundred thousand series that are all cold. Times are
/// whole seconds, values floats relative to the first value (a double), so that a gauge far from zero keeps its
/// variation (at a billion a float's step is 64), and the band a half-precision half-width around the expected value
/// (the detectors' bands are symmetric; an asymmetric one is kept as the band that covers both sides), in units of a
/// power of two that grows with the widest band (a half float holds no more than 65,504: a band of megabytes was
/// infinite, and the series' points could not be written as JSON): plenty for a chart, and for the on-demand forecast
/// fitted to <see cref="Values"/>.
/// </summary>
public sealed class RecentPoints
{
    private readonly Point[] _points;
    private long _baseSeconds = long.MinValue;
    private double _origin = double.NaN;
    private double _bandUnit;
    private int _next;
    private int _count;

    /// <summary>A ring of <paramref name="capacity"/> points.</summary>
    public RecentPoints(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _points = new Point[capacity];
    }

    /// <summary>Points held.</summary>
    public int Count => _count;

    /// <summary>Adds a point, dropping the oldest when full.</summary>
    public void Add(long timestampMs, double value, double expected, double lower, double upper, double score)
    {
        var seconds = Math.DivRem(timestampMs, 1000, out var remainder) - (remainder < 0 ? 1 : 0);
        if (_baseSeconds == long.MinValue || seconds - _baseSeconds > int.MaxValue || seconds < _baseSeconds)
        {
            Rebase(seconds);
        }

        if (double.IsNaN(_origin))
        {
            _origin = value;
        }

        var halfWidth = Math.Max(expected - lower, upper - expected);
        if (!(halfWidth > 0) || !double.IsFinite(halfWidth))
        {
            halfWidth = 0;
        }
        else if (_bandUnit == 0 || halfWidth / _bandUnit > WidestUnits)
        {
            Widen(halfWidth);
        }

        _points[_next] = new Point(
            (int)(seconds - _baseSeconds),
            (float)(value - _origin),
            (float)(expected - _origin),
            (Half)(halfWidth > 0 ? halfWidth / _bandUnit : 0),
            (byte)Math.Round(Math.Clamp(score, 0, 1) * 255));
        _next = (_next + 1) % _points.Length;
        _count = Math.Min(_count + 1, _points.Length);
    }

    /// <summary>The newest <paramref name="max"/> points, oldest first.</summary>
    public SeriesPoint[] Latest(int max)
    {
        var take = Math.Min(Math.Max(max, 0), _count);
        var points = new SeriesPoint[take];
        var start = (_next - take + _points.Length) % _points.Length;
        for (var i = 0; i < take; i++)
        {
            var p = _points[(start + i) % _points.Length];
            points[i] = new SeriesPoint(
                DateTimeOffset.FromUnixTimeSeconds(_baseSeconds + p.Seconds),
                _origin + p.Value,
                _origin + p.Expected,
                _origin + p.Expected - ((double)p.HalfWidth * _bandUnit),
                _origin + p.Expected + ((double)p.HalfWidth * _bandUnit),
                p.Score / 255.0);
        }

        return points;
    }

    /// <summary>Copies the newest points' times (ms) and values into <paramref name="destination"/>, oldest first,
    /// and returns how many were copied.</summary>
    public int CopyLatest(Span<(long TimestampMs, double Value)> destination)
    {
        var take = Math.Min(destination.Length, _count);
        var start = (_next - take + _points.Length) % _points.Length;
        for (var i = 0; i < take; i++)
        {
            var p = _points[(start + i) % _points.Length];
            destination[i] = ((_baseSeconds + p.Seconds) * 1000, _origin + p.Value);
        }

        return take;
    }

    /// <summary>The newest values with their timestamps, oldest first (for fitting an on-demand forecast).</summary>
    public (long TimestampMs, double Value)[] Values()
    {
        var values = new (long, double)[_count];
        CopyLatest(values);
        return values;
    }

    /// <summary>Copies the ring into a checkpoint, its values relative to the ring's origin.</summary>
    public RecentPointsState Save()
    {
        var origin = double.IsNaN(_origin) ? 0 : _origin;
        return new()
        {
            Origin = origin,
            Points = [.. Latest(_count).Select(p => new SavedPoint(
                p.Timestamp.ToUnixTimeMilliseconds(), (float)(p.Value - origin), (float)(p.Expected - origin), (float)(p.Lower - origin), (float)(p.Upper - origin), (float)p.Score))],
        };
    }

    /// <summary>Refills the ring from a checkpoint (into an empty ring, its origin the checkpoint's).</summary>
    public void Load(RecentPointsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (double.IsNaN(_origin) && state.Points.Count > 0)
        {
            _origin = state.Origin;
        }

        foreach (var p in state.Points)
        {
            Add(p.T, state.Origin + p.V, state.Origin + p.E, state.Origin + p.L, state.Origin + p.U, p.S);
        }
    }

    /// <summary>
    /// Sets the band's unit to a power of two that holds <paramref name="halfWidth"/> in a half float with room to grow
    /// (the first band at 2^10 units, so that narrower ones keep their precision too), and rescales the held points.
    /// </summary>
    private void Widen(double halfWidth)
    {
        var unit = Math.Pow(2, Math.Floor(Math.Log2(halfWidth)) - 10);
        if (_bandUnit > 0)
        {
            var factor = unit / _bandUnit;
            for (var i = 0; i < _points.Length; i++)
            {
                _points[i] = _points[i] with { HalfWidth = (Half)((double)_points[i].HalfWidth / factor) };
            }
        }

        _bandUnit = unit;
    }

    /// <summary>Moves the time base so the newest point fits in 32 bits of seconds, shifting the held points.</summary>
    private void Rebase(long seconds)
    {
        var newBase = seconds - (int.MaxValue / 2);
        if (_baseSeconds != long.MinValue)
        {
            for (var i = 0; i < _points.Length; i++)
            {
                var shifted = Math.Clamp(_baseSeconds + _points[i].Seconds - newBase, int.MinValue, int.MaxValue);
                _points[i] = _points[i] with { Seconds = (int)shifted };
            }
        }

        _baseSeconds = newBase;
    }

    // The widest band a point holds, in units: half of what a half float can.
    private const double WidestUnits = 32_768;

    [StructLayout(LayoutKind.Sequential, Pack = 2)]
    private readonly record struct Point(int Seconds, float Value, float Expected, Half HalfWidth, byte Score);
}

/// <summary>The checkpointed form of <see cref="RecentPoints"/>.</summary>
public sealed class RecentPointsState
{
    /// <summary>What the points' values are relative to (0 in checkpoints written before they were).</summary>
    public double Origin { get; set; }

    /// <summary>The points, oldest first.</summary>
    public List<SavedPoint> Points { get; set; } = [];
}

/// <summary>One checkpointed point with short property names to keep the JSON small.</summary>
public sealed record SavedPoint(long T, float V, float E, float L, float U, float S);
