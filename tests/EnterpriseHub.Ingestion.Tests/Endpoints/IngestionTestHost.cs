using EnterpriseHub.Abstractions.Ingestion;
using EnterpriseHub.Silo.Endpoints;
using EnterpriseHub.Silo.Ingestion;
using EnterpriseHub.Silo.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Ingestion.Tests.Endpoints;

/// <summary>
/// A minimal web application on Kestrel (loopback, free port) with the silo's security wiring, the ingestion services
/// and endpoints, and a recording sink in place of the grain router. SiloHost offers no hook to replace a service,
/// so the wiring is repeated here; <see cref="SiloWiringTests"/> checks the real host maps the same endpoints.
/// </summary>
public sealed class IngestionTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private IngestionTestHost(WebApplication app, string directory, Uri address)
    {
        _app = app;
        _directory = directory;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<IngestionTestHost> StartAsync(ISampleSink? sink, params (string Key, string Value)[] settings)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ehub-ingest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));

        var services = builder.Services;
        services.AddIngestion(builder.Configuration);
        if (sink is not null)
        {
            services.AddSingleton(sink);
        }

        services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.SectionName));
        services.AddSingleton(new ApiKeyStore(directory));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddSiloPolicies();
        services.AddSingleton<IAuthorizationHandler, RoleOrLoopbackHandler>();
        services.AddProblemDetails();

        var app = builder.Build();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapIngestion();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new IngestionTestHost(app, directory, new Uri(address));
    }

    public HttpClient Client(string? apiKey = null)
    {
        var http = new HttpClient { BaseAddress = Address };
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        return http;
    }

    public string CreateKey(ApiKeyRole role) => Services.GetRequiredService<ApiKeyStore>().Create("test-" + role, role);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
