namespace EnterpriseHub.Ingestion.Tests.Encoders;

/// <summary>One series of a test WriteRequest.</summary>
public sealed record TestSeries((string Name, string Value)[] Labels, (double Value, long TimestampMs)[] Samples);

/// <summary>
/// Encodes prometheus.WriteRequest messages for tests, from the remote_write 1.0 specification:
/// WriteRequest { repeated TimeSeries timeseries = 1; } TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }
/// Label { string name = 1; string value = 2; } Sample { double value = 1; int64 timestamp = 2; }.
/// </summary>
public static class RemoteWriteEncoder
{
    public static byte[] WriteRequest(params TestSeries[] series)
    {
        var request = new ProtoBuilder();
        foreach (var s in series)
        {
            request.Message(1, TimeSeries(s));
        }

        return request.ToArray();
    }

    public static ProtoBuilder TimeSeries(TestSeries series)
    {
        var message = new ProtoBuilder();
        foreach (var (name, value) in series.Labels)
        {
            message.Message(1, label => label.String(1, name).String(2, value));
        }

        foreach (var (value, timestamp) in series.Samples)
        {
            message.Message(2, sample => sample.Double(1, value).Varint(2, (ulong)timestamp));
        }

        return message;
    }

    /// <summary>The body Prometheus sends: the WriteRequest, snappy block-compressed.</summary>
    public static byte[] Body(params TestSeries[] series) => TestSnappy.Compress(WriteRequest(series));

    public static TestSeries Series(string metric, string job, params (double Value, long TimestampMs)[] samples) =>
        new([("__name__", metric), ("job", job)], samples);
}
