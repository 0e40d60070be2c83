using System.Diagnostics;
using System.Runtime;
using EnterpriseHub.Runtime.Scheduling;
using EnterpriseHub.Silo.Monitoring;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Process diagnostics under <c>/api/v1/diagnostics</c>.</summary>
public static class DiagnosticsEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapDiagnostics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/v1/diagnostics").WithTags("Diagnostics")
            .MapPost("/gc", CollectAndMeasure)
            .RequireAuthorization(SiloPolicies.Admin);
        return endpoints;
    }

    /// <summary>Forces a full, compacting collection and reports what stays: how capacity planners and the load
    /// generator measure memory per activation and per series. It pauses the process; admin only.</summary>
    private static Ok<MemoryReport> CollectAndMeasure(GrainRuntime runtime, SeriesIndex series)
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        var generations = GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo;
        return TypedResults.Ok(new MemoryReport(
            GC.GetTotalMemory(forceFullCollection: false),
            process.WorkingSet64,
            runtime.ActivationCount,
            series.Count,
            generations[3].SizeAfterBytes,
            generations[4].SizeAfterBytes,
            [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)],
            GC.GetTotalPauseDuration().TotalMilliseconds));
    }
}

/// <summary>Memory after a full collection.</summary>
/// <param name="HeapBytes">Managed heap in use.</param>
/// <param name="ResidentBytes">Resident set of the process.</param>
/// <param name="Activations">Grain activations alive.</param>
/// <param name="Series">Series known.</param>
/// <param name="LargeObjectHeapBytes">Of the heap, the large object heap (arrays of 85,000 bytes and more).</param>
/// <param name="PinnedObjectHeapBytes">Of the heap, the pinned object heap (I/O buffer pools).</param>
/// <param name="Collections">Collections so far of generations 0, 1 and 2 (each counts the younger ones too).</param>
/// <param name="PauseMilliseconds">Time the process has been paused by collections.</param>
public sealed record MemoryReport(long HeapBytes, long ResidentBytes, int Activations, int Series, long LargeObjectHeapBytes, long PinnedObjectHeapBytes, int[] Collections, double PauseMilliseconds);
