using EnterpriseHub.Abstractions.Diagnostics;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace EnterpriseHub.Silo.Endpoints;

/// <summary>Storage probes under <c>/api/v1/diagnostics/probes</c>: write a value durably, read it back.</summary>
public static class ProbeEndpoints
{
    /// <summary>The longest probe value accepted.</summary>
    public const int MaxValueLength = 4096;

    /// <summary>Maps the probe endpoints.</summary>
    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/diagnostics/probes").WithTags("Diagnostics");
        group.MapGet("/{name}", Read).RequireAuthorization(SiloPolicies.Viewer);
        group.MapPut("/{name}", Write).RequireAuthorization(SiloPolicies.Operator);
        return endpoints;
    }

    private static async Task<Results<Ok<ProbeRecord>, NotFound<ProblemDetails>>> Read(string name, IGrainFactory grains)
    {
        var record = await grains.GetGrain<IProbeGrain>(name).Read().ConfigureAwait(false);
        return record is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Probe not found", Detail = $"Probe '{name}' was never written.", Status = 404 })
            : TypedResults.Ok(record);
    }

    private static async Task<Results<Ok<ProbeRecord>, ValidationProblem>> Write(string name, ProbeWrite body, IGrainFactory grains)
    {
        if (body.Value is null || body.Value.Length > MaxValueLength)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["value"] = [$"value is required and at most {MaxValueLength} characters."],
            });
        }

        return TypedResults.Ok(await grains.GetGrain<IProbeGrain>(name).Write(body.Value).ConfigureAwait(false));
    }
}

/// <summary>The body of a probe write.</summary>
/// <param name="Value">The value to store.</param>
public sealed record ProbeWrite(string? Value);
