using System.Diagnostics;
using EnterpriseHub.Ingestion;
using EnterpriseHub.Runtime.Statistics;
using EnterpriseHub.Silo.Ingestion;

namespace EnterpriseHub.Silo.Metrics;

/// <summary>Renders the runtime's statistics and process figures for <c>/metrics</c>.</summary>
public sealed class RuntimeMetricsExporter(RuntimeStatistics statistics, IngestionStatistics? ingestion = null)
{
    private static readonly string[] s_bucketLabels = BucketLabels();

    /// <summary>The whole exposition text.</summary>
    public string Render()
    {
        var writer = new PrometheusTextWriter();
        var types = statistics.GrainTypes;

        writer.Family("ehub_grain_activations", "gauge", "Grain activations alive now, per grain type.");
        foreach (var type in types)
        {
            writer.Sample("ehub_grain_activations", type.Activations, ("type", type.GrainType));
        }

        writer.Family("ehub_grain_activations_created_total", "counter", "Grain activations created since start, per grain type.");
        foreach (var type in types)
        {
            writer.Sample("ehub_grain_activations_created_total", type.ActivationsCreated, ("type", type.GrainType));
        }

        writer.Family("ehub_grain_deactivations_total", "counter", "Grain activations deactivated since start, per grain type.");
        foreach (var type in types)
        {
            writer.Sample("ehub_grain_deactivations_total", type.Deactivations, ("type", type.GrainType));
        }

        writer.Family("ehub_grain_calls_total", "counter", "Completed grain calls, per grain type and method.");
        foreach (var type in types)
        {
            foreach (var method in type.Methods)
            {
                writer.Sample("ehub_grain_calls_total", method.Calls, ("type", type.GrainType), ("method", method.Method.MethodName));
            }
        }

        writer.Family("ehub_grain_call_exceptions_total", "counter", "Grain calls that ended in an exception, per grain type and method.");
        foreach (var type in types)
        {
            foreach (var method in type.Methods)
            {
                writer.Sample("ehub_grain_call_exceptions_total", method.Exceptions, ("type", type.GrainType), ("method", method.Method.MethodName));
            }
        }

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

        if (ingestion is not null)
        {
            IngestionMetricsWriter.Write(writer, ingestion);
        }

        using var process = Process.GetCurrentProcess();
        writer.Family("process_resident_memory_bytes", "gauge", "Resident memory of the silo process.");
        writer.Sample("process_resident_memory_bytes", process.WorkingSet64);
        writer.Family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.");
        writer.Sample("process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds());
        writer.Family("dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last collection.");
        writer.Sample("dotnet_gc_heap_size_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);
        return writer.ToString();
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
