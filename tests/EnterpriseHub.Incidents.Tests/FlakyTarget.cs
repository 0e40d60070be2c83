using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Incidents.Tests;

/// <summary>A real Kestrel app on loopback: <c>/fail/{n}/{name}</c> answers 503 for the first n calls of a name,
/// then 200; <c>/ok/{name}</c> always 200; <c>/slow/{ms}/{name}</c> answers 200 after a delay; <c>/capture/{name}</c>
/// answers 202 and keeps the request's body and content type. It records each call's arrival time on the given clock.</summary>
public sealed class FlakyTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string? ContentType, string Body)>> _bodies = new();

    private FlakyTarget(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public static async Task<FlakyTarget> StartAsync(TimeProvider? clock = null)
    {
        var time = clock ?? TimeProvider.System;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var target = new FlakyTarget(app);
        app.MapPost("/fail/{n:int}/{name}", (int n, string name) =>
            target.Record(name, time) <= n ? Results.StatusCode(503) : Results.Ok(new { attempt = target.Count(name) }));
        app.MapPost("/ok/{name}", (string name) => { target.Record(name, time); return Results.Ok(new { ok = true }); });
        app.MapPost("/slow/{ms:int}/{name}", async (int ms, string name) =>
        {
            target.Record(name, time);
            await Task.Delay(ms);
            return Results.Ok();
        });
        app.MapPost("/capture/{name}", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            target._bodies.GetOrAdd(name, _ => new ConcurrentQueue<(string?, string)>()).Enqueue((request.ContentType, body));
            target.Record(name, time);
            return Results.Accepted();
        });
        await app.StartAsync();
        target.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return target;
    }

    public int Count(string name) => _calls.TryGetValue(name, out var q) ? q.Count : 0;

    public IReadOnlyList<DateTimeOffset> Calls(string name) => _calls.TryGetValue(name, out var q) ? [.. q] : [];

    /// <summary>The bodies (with their content types) posted to <c>/capture/{name}</c>, in arrival order.</summary>
    public IReadOnlyList<(string? ContentType, string Body)> Bodies(string name) => _bodies.TryGetValue(name, out var q) ? [.. q] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private int Record(string name, TimeProvider time)
    {
        var queue = _calls.GetOrAdd(name, _ => new ConcurrentQueue<DateTimeOffset>());
        queue.Enqueue(time.GetUtcNow());
        return queue.Count;
    }
}
