using EnterpriseHub.Runtime.Statistics;

namespace EnterpriseHub.Silo.Metrics;

/// <summary>The grain runtime's families: activations, calls, exceptions, latency histograms, mailboxes, timeouts.</summary>
public sealed class RuntimeMetrics(RuntimeStatistics statistics) : IMetricsContributor
{
    private static readonly string[] s_bucketLabels = BucketLabels();

    /// <inheritdoc />
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var types = statistics.GrainTypes;
        PerType(writer, types, "ehub_grain_activations", "gauge", "Grain activations alive now, per grain type.", t => t.Activations);
        PerType(writer, types, "ehub_grain_activations_created_total", "counter", "Grain activations created since start, per grain type.", t => t.ActivationsCreated);
        PerType(writer, types, "ehub_grain_deactivations_total", "counter", "Grain activations deactivated since start, per grain type.", t => t.Deactivations);
        PerMethod(writer, types, "ehub_grain_calls_total", "Completed grain calls, per grain type and method.", m => m.Calls);
        PerMethod(writer, types, "ehub_grain_call_exceptions_total", "Grain calls that ended in an exception, per grain type and method.", m => m.Exceptions);

        writer.Family("ehub_grain_call_duration_seconds", "histogram", "Time from turn start to completion of grain calls.");
        foreach (var type in types)
        {
            foreach (var method in type.Methods)
            {
                var counts = method.BucketCounts();
                long cumulative = 0;
                for (var i = 0; i < counts.Length; i++)
                {
                    cumulative += counts[i];
                    writer.Sample("ehub_grain_call_duration_seconds_bucket", cumulative, ("type", type.GrainType), ("method", method.Method.MethodName), ("le", s_bucketLabels[i]));
                }

                writer.Sample("ehub_grain_call_duration_seconds_sum", method.Elapsed.TotalSeconds, ("type", type.GrainType), ("method", method.Method.MethodName));
                writer.Sample("ehub_grain_call_duration_seconds_count", cumulative, ("type", type.GrainType), ("method", method.Method.MethodName));
            }
        }

        var mailboxes = statistics.Mailboxes();
        writer.Family("ehub_grain_mailbox_length", "gauge", "Requests waiting in mailboxes, per grain type.");
        foreach (var mailbox in mailboxes)
        {
            writer.Sample("ehub_grain_mailbox_length", mailbox.QueuedRequests, ("type", mailbox.GrainType));
        }

        writer.Family("ehub_grain_mailbox_longest", "gauge", "The longest single mailbox, per grain type.");
        foreach (var mailbox in mailboxes)
        {
            writer.Sample("ehub_grain_mailbox_longest", mailbox.LongestMailbox, ("type", mailbox.GrainType));
        }

        writer.Family("ehub_grain_call_timeouts_total", "counter", "Calls whose caller got a TimeoutException.");
        writer.Sample("ehub_grain_call_timeouts_total", statistics.TimedOutRequests);
    }

    private static void PerType(PrometheusTextWriter writer, IReadOnlyList<GrainTypeStatistics> types, string name, string kind, string help, Func<GrainTypeStatistics, double> value)
    {
        writer.Family(name, kind, help);
        foreach (var type in types)
        {
            writer.Sample(name, value(type), ("type", type.GrainType));
        }
    }

    private static void PerMethod(PrometheusTextWriter writer, IReadOnlyList<GrainTypeStatistics> types, string name, string help, Func<MethodStatistics, double> value)
    {
        writer.Family(name, "counter", help);
        foreach (var type in types)
        {
            foreach (var method in type.Methods)
            {
                writer.Sample(name, value(method), ("type", type.GrainType), ("method", method.Method.MethodName));
            }
        }
    }

    private static string[] BucketLabels()
    {
        var bounds = MethodStatistics.BucketBoundsSeconds;
        var labels = new string[bounds.Length + 1];
        for (var i = 0; i < bounds.Length; i++)
        {
            labels[i] = PrometheusTextWriter.FormatValue(bounds[i]);
        }

        labels[^1] = "+Inf";
        return labels;
    }
}
