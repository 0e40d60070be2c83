using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Alerting.Tests;

/// <summary>A real Kestrel server on 127.0.0.1 that records every POST body and answers with a chosen status.</summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<(string Path, string ContentType, string Body)> _received = Channel.CreateUnbounded<(string, string, string)>();

    private TestReceiver(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Status codes to answer with, in turn; 200 once they run out.</summary>
    public Queue<int> Statuses { get; } = new();

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver._received.Writer.TryWrite((http.Request.Path, http.Request.ContentType ?? "", body));
            int status;
            lock (receiver.Statuses)
            {
                status = receiver.Statuses.Count > 0 ? receiver.Statuses.Dequeue() : 200;
            }

            return Results.StatusCode(status);
        });
        await app.StartAsync();
        receiver.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>The next request received, waiting up to ten seconds for it.</summary>
    public async Task<(string Path, string ContentType, string Body)> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// The next request received, calling <paramref name="tick"/> every 50 ms until it arrives (up to ten seconds):
    /// for a request that waits on a manual clock for a timer the test cannot see being set.
    /// </summary>
    public async Task<(string Path, string ContentType, string Body)> NextAsync(Action tick)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!_received.Reader.TryPeek(out _))
        {
            tick();
            await Task.Delay(50, timeout.Token);
        }

        return await _received.Reader.ReadAsync(timeout.Token);
    }

    public bool HasMore => _received.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
