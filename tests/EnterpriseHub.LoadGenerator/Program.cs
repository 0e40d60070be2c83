using System.CommandLine;
using EnterpriseHub.LoadGenerator;

var series = new Option<int>("--series") { Description = "Active series.", DefaultValueFactory = _ => 100_000 };
var duration = new Option<int>("--duration") { Description = "Seconds of measured load after warm-up.", DefaultValueFactory = _ => 30 };
var connections = new Option<int>("--connections") { Description = "Concurrent remote_write connections.", DefaultValueFactory = _ => 4 };
var batch = new Option<int>("--batch") { Description = "Series per remote_write request (Prometheus sends up to 2,000).", DefaultValueFactory = _ => 2000 };
var probes = new Option<int>("--probes") { Description = "Series that get a level shift for the latency measurement.", DefaultValueFactory = _ => 200 };
var siloUrl = new Option<string?>("--silo") { Description = "Measure a running silo (its admin key via --admin-key) instead of starting one." };
var adminKey = new Option<string?>("--admin-key") { Description = "Admin API key of the silo given with --silo." };
var root = new RootCommand("Load generator: remote_write into a silo; prints samples/s, bytes per series and sample-to-alert latency.")
{
    series, duration, connections, batch, probes, siloUrl, adminKey,
};
root.SetAction(async (parse, cancellationToken) =>
{
    var settings = new LoadSettings(parse.GetValue(series), TimeSpan.FromSeconds(parse.GetValue(duration)), parse.GetValue(connections), parse.GetValue(batch), parse.GetValue(probes), parse.GetValue(siloUrl), null);
    if (settings.SiloUrl is { } url)
    {
        return await new LoadRun(settings, new Uri(url), parse.GetValue(adminKey) ?? "", Console.Out).RunAsync(cancellationToken);
    }

    await using var silo = await SiloUnderTest.StartAsync(settings.Series, Console.Out, cancellationToken);
    return await new LoadRun(settings, silo.Address, silo.AdminKey, Console.Out).RunAsync(cancellationToken);
});
return await root.Parse(args).InvokeAsync();
