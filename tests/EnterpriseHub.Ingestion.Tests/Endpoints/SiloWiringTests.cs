using System.Net;
using System.Net.Http.Headers;
using EnterpriseHub.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Ingestion.Tests.Endpoints;

public class SiloWiringTests
{
    [Fact]
    public async Task The_silo_maps_the_ingestion_endpoints_and_exports_their_counters()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ehub-silo-" + Guid.NewGuid().ToString("N"));
        var app = SiloHost.Build([], new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Silo:DataDirectory"] = directory,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            var content = new ByteArrayContent([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");

            var write = await http.PostAsync("/api/v1/write", content);
            var otlp = await http.PostAsync("/v1/metrics", new StringContent("{", null, "application/json"));
            var samples = await http.PostAsync("/api/v1/samples", new StringContent("[]", null, "application/json"));
            var metrics = await http.GetStringAsync("/metrics");

            Assert.Equal(HttpStatusCode.BadRequest, write.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, otlp.StatusCode);
            Assert.Equal(HttpStatusCode.OK, samples.StatusCode);
            Assert.Contains("ehub_ingest_requests_total{protocol=\"remote_write\",result=\"invalid\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("ehub_ingest_requests_total{protocol=\"json\",result=\"accepted\"} 1\n", metrics, StringComparison.Ordinal);
            Assert.Contains("ehub_ingest_samples_total{protocol=\"otlp\",fate=\"accepted\"} 0\n", metrics, StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
