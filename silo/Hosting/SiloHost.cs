using EnterpriseHub.Alerting.Hosting;
using EnterpriseHub.Grains.Diagnostics;
using EnterpriseHub.Runtime.Hosting;
using EnterpriseHub.Runtime.Storage;
using EnterpriseHub.Silo.Costs;
using EnterpriseHub.Silo.Demo;
using EnterpriseHub.Silo.Endpoints;
using EnterpriseHub.Silo.Monitoring;
using EnterpriseHub.Silo.Ingestion;
using EnterpriseHub.Silo.Incidents;
using EnterpriseHub.Silo.Security;
using EnterpriseHub.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Hosting;

/// <summary>Builds the silo: generic host, grain runtime on SQLite, HTTP API, health and metrics.</summary>
public static class SiloHost
{
    /// <summary>Builds the web application from command-line arguments and any explicit settings.</summary>
    /// <param name="args">Arguments the command line did not consume; they become configuration (<c>--Runtime:CollectionAge 00:05:00</c>).</param>
    /// <param name="overrides">Settings given as named options (<c>--urls</c>, <c>--data-dir</c>); they win over everything.</param>
    /// <param name="configureServices">Runs after every registration, so an embedding host or a test can replace a
    /// service (the clock, a scaler) the way <c>ConfigureTestServices</c> does.</param>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Order: appsettings.json, then EHUB_-prefixed environment variables, then the command line.
        builder.Configuration.AddEnvironmentVariables("EHUB_");
        builder.Configuration.AddCommandLine(args);
        builder.Configuration.AddInMemoryCollection(overrides);

        var siloOptions = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        var dataDirectory = siloOptions.DataDirectoryFullPath;
        Directory.CreateDirectory(dataDirectory);

        var services = builder.Services;
        services.AddOptions<SiloOptions>().Bind(builder.Configuration.GetSection(SiloOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();
        services.Configure<SecurityOptions>(builder.Configuration.GetSection(SecurityOptions.SectionName));

        services.AddGrainRuntime();
        services.AddOptions<GrainRuntimeOptions>()
            .Configure(o =>
            {
                o.DedicatedLaneGrainTypes.Add("alert-router");
                o.DataLaneGrainTypes.Add("metric");
            })
            .Bind(builder.Configuration.GetSection("Runtime"));
        services.AddGrains(typeof(ProbeGrain).Assembly);
        services.AddSqliteGrainStorage(GrainStorageNames.Default, o => o.DataSource = Path.Combine(dataDirectory, SiloOptions.DatabaseFileName));
        services.AddMonitoring(builder.Configuration, dataDirectory);
        services.AddOptions<DemoOptions>().Bind(builder.Configuration.GetSection(DemoOptions.SectionName));
        if (builder.Configuration.GetValue<bool>($"{DemoOptions.SectionName}:{nameof(DemoOptions.Enabled)}"))
        {
            services.AddSingleton(new CatalogContribution(DemoScenario.Catalog));
            services.AddHostedService<DemoWorkload>();
        }

        services.AddSingleton(new ApiKeyStore(dataDirectory));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddSiloPolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, RoleOrLoopbackHandler>();

        // Enums as words ("anomalous", "critical", "predicted_breach"), as operators read and write them.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.SnakeCaseLower)));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddHealthChecks()
            .AddCheck<RuntimeReadinessCheck>("runtime", tags: ["ready"]);
        services.AddSingleton<Metrics.MetricsExporter>();
        services.AddSingleton<Metrics.IMetricsContributor, Metrics.RuntimeMetrics>();
        services.AddSingleton<Metrics.IMetricsContributor, Metrics.ProcessMetrics>();
        services.AddAlerting(builder.Configuration, dataDirectory);
        services.AddSingleton<Metrics.IMetricsContributor, Alerting.AlertMetrics>();
        services.AddIngestion(builder.Configuration);
        services.AddCosts(builder.Configuration);
        services.AddIncidents(builder.Configuration);
        services.AddSingleton<Metrics.IMetricsContributor, Incidents.IncidentMetrics>();
        configureServices?.Invoke(services);

        var app = builder.Build();
        AnnounceStartup(app, dataDirectory);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapSiloHealth();
        app.MapSiloMetrics();
        app.MapProbes();
        app.MapDiagnostics();
        app.MapSeries();
        app.MapServices();
        app.MapAlerts();
        app.MapIngestion();
        app.MapCosts();
        app.MapCapacity();
        app.MapIncidents();
        return app;
    }

    private static void AnnounceStartup(WebApplication app, string dataDirectory)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EnterpriseHub.Silo");
        var keys = app.Services.GetRequiredService<ApiKeyStore>();
        if (keys.EnsureAdminKey())
        {
            logger.LogWarning("Created the admin API key; it is in {AdminKeyPath} (readable by this user only)", keys.AdminKeyPath);
        }
        else
        {
            logger.LogInformation("API keys are in {KeysPath}; the first admin key was written to {AdminKeyPath}", Path.Combine(dataDirectory, ApiKeyStore.KeysFileName), keys.AdminKeyPath);
        }

        app.Lifetime.ApplicationStarted.Register(() =>
            logger.LogInformation("Silo listening on {Urls}; data in {DataDirectory}", string.Join(", ", app.Urls), dataDirectory));
    }

    /// <summary>
    /// What is wrong with the configuration of a built silo, one line per offending setting across every validated
    /// section (empty when it can start). Run before starting, it reports all sections at once and without the
    /// host's failed-start stack trace; starting would stop at the first.
    /// </summary>
    public static IReadOnlyList<string> ConfigurationErrors(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return [.. ex.InnerExceptions.SelectMany(e => ((OptionsValidationException)e).Failures)];
        }
    }
}
