using System.Diagnostics;

namespace EnterpriseHub.Silo.Metrics;

/// <summary>Process and garbage-collector figures, in the names Prometheus client libraries use.</summary>
public sealed class ProcessMetrics : IMetricsContributor
{
    /// <inheritdoc />
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var process = Process.GetCurrentProcess();
        writer.Family("process_resident_memory_bytes", "gauge", "Resident memory of the silo process.");
        writer.Sample("process_resident_memory_bytes", process.WorkingSet64);
        writer.Family("process_cpu_seconds_total", "counter", "CPU time used by the silo process.");
        writer.Sample("process_cpu_seconds_total", process.TotalProcessorTime.TotalSeconds);
        writer.Family("process_start_time_seconds", "gauge", "Start time of the process since the Unix epoch.");
        writer.Sample("process_start_time_seconds", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds());
        writer.Family("dotnet_gc_heap_size_bytes", "gauge", "Managed heap size after the last collection.");
        writer.Sample("dotnet_gc_heap_size_bytes", GC.GetGCMemoryInfo().HeapSizeBytes);
    }
}
