using EnterpriseHub.Silo.Tests;

namespace EnterpriseHub.Costs.Tests.EndToEnd;

/// <summary>The real silo in the test process (<see cref="InProcessSilo"/>) with its data in a temporary directory
/// that goes with it, and a client.</summary>
public sealed class CostSilo : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly InProcessSilo _silo;

    private CostSilo(TempDirectory data, InProcessSilo silo)
    {
        _data = data;
        _silo = silo;
        Client = silo.Client();
    }

    public HttpClient Client { get; }

    public static async Task<CostSilo> StartAsync(params (string Key, string Value)[] settings)
    {
        var data = new TempDirectory();
        return new CostSilo(data, await InProcessSilo.StartAsync(data.Path, settings));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _silo.DisposeAsync();
        _data.Dispose();
    }
}
