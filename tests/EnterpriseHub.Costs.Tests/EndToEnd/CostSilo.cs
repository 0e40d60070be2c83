using EnterpriseHub.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Costs.Tests.EndToEnd;

/// <summary>The real silo in the test process on a free loopback port, with its data in a temporary directory.</summary>
public sealed class CostSilo : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _data;

    private CostSilo(WebApplication app, string data, Uri address)
    {
        _app = app;
        _data = data;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    public static async Task<CostSilo> StartAsync(params (string Key, string Value)[] settings)
    {
        var data = Directory.CreateTempSubdirectory("ehub-costs-").FullName;
        var overrides = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Silo:DataDirectory"] = data,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }

        var app = SiloHost.Build([], overrides);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CostSilo(app, data, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // The OS temp cleaner gets what a late file handle kept.
        }
    }
}
