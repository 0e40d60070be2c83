using EnterpriseHub.Abstractions.Metrics;

namespace EnterpriseHub.Grains.Metrics;

/// <summary>
/// A fixed ring of the latest points for charts. Values are kept as floats (7 significant digits are plenty for a
/// chart) and the score as a byte, so a 120-point ring costs about 2.5 KB.
/// </summary>
public sealed class RecentPoints
{
    private readonly long[] _timestamps;
    private readonly float[] _values;
    private readonly float[] _expected;
    private readonly float[] _lower;
    private readonly float[] _upper;
    private readonly byte[] _scores;
    private int _next;
    private int _count;

    /// <summary>A ring of <paramref name="capacity"/> points.</summary>
    public RecentPoints(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _timestamps = new long[capacity];
        _values = new float[capacity];
        _expected = new float[capacity];
        _lower = new float[capacity];
        _upper = new float[capacity];
        _scores = new byte[capacity];
    }

    /// <summary>Points held.</summary>
    public int Count => _count;

    /// <summary>Adds a point, dropping the oldest when full.</summary>
    public void Add(long timestampMs, double value, double expected, double lower, double upper, double score)
    {
        _timestamps[_next] = timestampMs;
        _values[_next] = (float)value;
        _expected[_next] = (float)expected;
        _lower[_next] = (float)lower;
        _upper[_next] = (float)upper;
        _scores[_next] = (byte)Math.Round(Math.Clamp(score, 0, 1) * 255);
        _next = (_next + 1) % _timestamps.Length;
        _count = Math.Min(_count + 1, _timestamps.Length);
    }

    /// <summary>The newest <paramref name="max"/> points, oldest first.</summary>
    public SeriesPoint[] Latest(int max)
    {
        var take = Math.Min(Math.Max(max, 0), _count);
        var points = new SeriesPoint[take];
        var start = (_next - take + _timestamps.Length) % _timestamps.Length;
        for (var i = 0; i < take; i++)
        {
            var j = (start + i) % _timestamps.Length;
            points[i] = new SeriesPoint(DateTimeOffset.FromUnixTimeMilliseconds(_timestamps[j]), _values[j], _expected[j], _lower[j], _upper[j], _scores[j] / 255.0);
        }

        return points;
    }

    /// <summary>Copies the newest points' times and values into <paramref name="destination"/>, oldest first, and
    /// returns how many were copied.</summary>
    public int CopyLatest(Span<(long TimestampMs, double Value)> destination)
    {
        var take = Math.Min(destination.Length, _count);
        var start = (_next - take + _timestamps.Length) % _timestamps.Length;
        for (var i = 0; i < take; i++)
        {
            var j = (start + i) % _timestamps.Length;
            destination[i] = (_timestamps[j], _values[j]);
        }

        return take;
    }

    /// <summary>The newest values with their timestamps, oldest first (for fitting an on-demand forecast).</summary>
    public (long TimestampMs, double Value)[] Values()
    {
        var points = Latest(_count);
        return [.. points.Select(p => (p.Timestamp.ToUnixTimeMilliseconds(), p.Value))];
    }

    /// <summary>Copies the ring into a checkpoint.</summary>
    public RecentPointsState Save() => new()
    {
        Points = [.. Latest(_count).Select(p => new SavedPoint(p.Timestamp.ToUnixTimeMilliseconds(), (float)p.Value, (float)p.Expected, (float)p.Lower, (float)p.Upper, (float)p.Score))],
    };

    /// <summary>Refills the ring from a checkpoint.</summary>
    public void Load(RecentPointsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var p in state.Points)
        {
            Add(p.T, p.V, p.E, p.L, p.U, p.S);
        }
    }
}

/// <summary>The checkpointed form of <see cref="RecentPoints"/>.</summary>
public sealed class RecentPointsState
{
    /// <summary>The points, oldest first.</summary>
    public List<SavedPoint> Points { get; set; } = [];
}

/// <summary>One checkpointed point with short property names to keep the JSON small.</summary>
public sealed record SavedPoint(long T, float V, float E, float L, float U, float S);
