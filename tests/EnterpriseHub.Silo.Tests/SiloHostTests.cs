using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnterpriseHub.Silo.Commands;
using EnterpriseHub.Silo.Security;
using Microsoft.Extensions.DependencyInjection;

namespace EnterpriseHub.Silo.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public async Task First_start_creates_an_admin_key_readable_only_by_its_owner_and_later_starts_keep_it()
    {
        using var data = new TempDirectory();
        var keyFile = Path.Combine(data.Path, "admin.key");

        await using (await InProcessSilo.StartAsync(data.Path))
        {
            Assert.True(File.Exists(keyFile));
        }

        var firstKey = await File.ReadAllTextAsync(keyFile);
        Assert.StartsWith("ehub_", firstKey, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.DoesNotContain(firstKey.Trim(), await File.ReadAllTextAsync(Path.Combine(data.Path, "api-keys.json")), StringComparison.Ordinal);

        await using (await InProcessSilo.StartAsync(data.Path))
        {
            Assert.Equal(firstKey, await File.ReadAllTextAsync(keyFile));
        }
    }

    [Fact]
    public async Task Invalid_settings_stop_the_silo_before_it_starts_and_every_one_is_named()
    {
        using var data = new TempDirectory();
        var (exitCode, _, error) = await SiloProcess.RunToExitAsync(
            new Dictionary<string, string?>
            {
                ["data-dir"] = data.Path,
                ["Monitoring:RecentPoints"] = "1",
                ["Costs:Budgets:teams:payments"] = "5",
                ["Capacity:Scaling:checkout:Target"] = "0",
            },
            TimeSpan.FromSeconds(60));

        Assert.Equal(SiloCommandLine.ConfigurationErrorExitCode, exitCode);
        Assert.Equal(
            [
                "The silo did not start; fix these settings:",
                "  Monitoring:RecentPoints must be between 2 and 10000, not 1.",
                "  Costs:Budgets:teams: the dimension must be service, team or cost_center.",
                "  Capacity:Scaling:checkout:Target must be positive, not 0.",
            ],
            error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Health_endpoints_answer_once_the_runtime_and_storage_are_up()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var http = silo.Client();

        Assert.Equal("Healthy", await http.GetStringAsync(new Uri("/health/live", UriKind.Relative)));
        Assert.Equal("Healthy", await http.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
    }

    [Fact]
    public async Task Acting_needs_an_operator_key_while_loopback_reads_need_none()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        var keys = silo.Services.GetRequiredService<ApiKeyStore>();
        var viewerKey = keys.Create("dashboard", ApiKeyRole.Viewer);
        var operatorKey = keys.Create("oncall", ApiKeyRole.Operator);
        var body = new { value = "v1" };

        using var anonymous = silo.Client();
        using var viewer = silo.Client(viewerKey);
        using var op = silo.Client(operatorKey);
        using var forged = silo.Client("ehub_not-a-key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/v1/diagnostics/probes/p", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsJsonAsync("/api/v1/diagnostics/probes/p", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.PutAsJsonAsync("/api/v1/diagnostics/probes/p", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await op.PutAsJsonAsync("/api/v1/diagnostics/probes/p", body)).StatusCode);

        var probe = await anonymous.GetFromJsonAsync<JsonElement>("/api/v1/diagnostics/probes/p");
        Assert.Equal("v1", probe.GetProperty("value").GetString());
        Assert.Equal(1, probe.GetProperty("writes").GetInt64());
    }

    [Fact]
    public async Task Loopback_reads_need_a_key_when_configured_so()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path, ("Security:RequireKeyOnLoopback", "true"));
        var viewerKey = silo.Services.GetRequiredService<ApiKeyStore>().Create("dashboard", ApiKeyRole.Viewer);
        using var anonymous = silo.Client();
        using var viewer = silo.Client(viewerKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_probe_write_without_a_value_is_a_problem_naming_the_field()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var op = silo.Client(await File.ReadAllTextAsync(Path.Combine(data.Path, "admin.key")));

        using var response = await op.PutAsJsonAsync("/api/v1/diagnostics/probes/p", new { other = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("value", out _));
    }

    [Fact]
    public async Task Metrics_expose_runtime_statistics_in_prometheus_text()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var op = silo.Client(await File.ReadAllTextAsync(Path.Combine(data.Path, "admin.key")));
        for (var i = 0; i < 3; i++)
        {
            (await op.PutAsJsonAsync($"/api/v1/diagnostics/probes/m{i}", new { value = "x" })).EnsureSuccessStatusCode();
        }

        using var response = await op.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE ehub_grain_activations gauge", text, StringComparison.Ordinal);
        Assert.Contains("\nehub_grain_calls_total{type=\"probe\",method=\"Write\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("\nehub_grain_call_exceptions_total{type=\"probe\",method=\"Write\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\nehub_grain_call_duration_seconds_bucket{type=\"probe\",method=\"Write\",le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("\nehub_grain_call_duration_seconds_count{type=\"probe\",method=\"Write\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE ehub_grain_call_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("\nehub_grain_mailbox_length{type=\"probe\"} 0\n", text, StringComparison.Ordinal);
        // Three probes written plus the one the readiness check reads.
        Assert.Matches("\nehub_grain_activations\\{type=\"probe\"\\} [34]\n", text);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path);
        using var http = silo.Client();

        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/diagnostics/probes/{name}", out var probe));
        Assert.True(probe.TryGetProperty("get", out _));
        Assert.True(probe.TryGetProperty("put", out _));
    }
}
