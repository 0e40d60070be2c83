using EnterpriseHub.Silo.Tests;
using System.Net.Http.Headers;
using System.Text.Json;
using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Tests;

public sealed class EventStreamTests
{
    private static readonly (string, string)[] s_settings = [("Alerting:KeepAliveInterval", "00:00:00.200")];

    [Fact]
    public async Task The_event_stream_sends_alert_changes_with_keep_alives_and_resumes_from_last_event_id_after_a_restart()
    {
        using var data = new TempDirectory();
        var first = Alerts.Make("Latency", "api", startsAt: DateTimeOffset.UtcNow);
        var second = Alerts.Make("Errors", "web", startsAt: DateTimeOffset.UtcNow);
        long firstId;

        await using (var silo = await InProcessSilo.StartAsync(data.Path, s_settings))
        {
            using var http = silo.Client();
            await using var stream = await SseReader.OpenAsync(http, "/api/v1/events", lastEventId: null);
            await silo.Router().Receive([first]);

            var firing = await stream.NextEventAsync();
            Assert.Equal("firing", firing.Type);
            Assert.Equal(first.Fingerprint, firing.Data.GetProperty("fingerprint").GetString());
            Assert.Equal("firing", firing.Data.GetProperty("alert").GetProperty("state").GetString());
            Assert.True(await stream.KeepAliveSeenAsync());
            firstId = firing.Id;
        }

        await using (var silo = await InProcessSilo.StartAsync(data.Path, s_settings))
        {
            await silo.Router().Receive([second]);
            using var http = silo.Client();
            await using var stream = await SseReader.OpenAsync(http, "/api/v1/events", lastEventId: firstId);

            var next = await stream.NextEventAsync();
            Assert.True(next.Id > firstId);
            Assert.Equal("firing", next.Type);
            Assert.Equal(second.Fingerprint, next.Data.GetProperty("fingerprint").GetString());
        }
    }

    [Fact]
    public async Task A_stream_opened_with_after_zero_replays_every_stored_event_in_order()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path, s_settings);
        var alert = Alerts.Make("Latency", "api", state: AlertState.Pending, startsAt: DateTimeOffset.UtcNow);
        await silo.Router().Receive([alert]);
        await silo.Router().Receive([alert with { State = AlertState.Firing }]);
        using var http = silo.Client();

        await using var stream = await SseReader.OpenAsync(http, "/api/v1/events?after=0", lastEventId: null);

        var a = await stream.NextEventAsync();
        var b = await stream.NextEventAsync();
        Assert.Equal(("pending", "firing"), (a.Type, b.Type));
        Assert.True(b.Id > a.Id);
    }

    [Fact]
    public async Task A_malformed_last_event_id_is_a_problem_response()
    {
        using var data = new TempDirectory();
        await using var silo = await InProcessSilo.StartAsync(data.Path, s_settings);
        using var http = silo.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/events");
        request.Headers.Add("Last-Event-ID", "abc");

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Last-Event-ID", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Reads server-sent events line by line.</summary>
    private sealed class SseReader : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly StreamReader _reader;
        private bool _keepAliveSeen;

        private SseReader(HttpResponseMessage response, StreamReader reader)
        {
            _response = response;
            _reader = reader;
        }

        public static async Task<SseReader> OpenAsync(HttpClient http, string path, long? lastEventId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            if (lastEventId is { } id)
            {
                request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            return new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        }

        public async Task<(long Id, string Type, JsonElement Data)> NextEventAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            long id = 0;
            string? type = null;
            string? data = null;
            while (true)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
                if (line.StartsWith(':'))
                {
                    _keepAliveSeen = true;
                }
                else if (line.StartsWith("id: ", StringComparison.Ordinal))
                {
                    id = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal))
                {
                    type = line[7..];
                }
                else if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    data = line[6..];
                }
                else if (line.Length == 0 && data is not null)
                {
                    return (id, type!, JsonDocument.Parse(data).RootElement.Clone());
                }
            }
        }

        public async Task<bool> KeepAliveSeenAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            while (!_keepAliveSeen)
            {
                var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException();
                _keepAliveSeen = line == ": keep-alive";
            }

            return true;
        }

        public ValueTask DisposeAsync()
        {
            _reader.Dispose();
            _response.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
