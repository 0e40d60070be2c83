using EnterpriseHub.Abstractions.Costs;
using EnterpriseHub.Grains.Costs;
using EnterpriseHub.Runtime;
using EnterpriseHub.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Costs;

/// <summary>
/// Cost summaries and savings recommendations as <c>/api/v1/costs</c> serves them. Each asks every cost grain of a
/// dimension, and a grain that is not active loads its hourly ledger to answer, so a dashboard polling from several
/// browsers must not repeat that per request: the board keeps each answer and works it out again at most once per
/// <see cref="CostOptions.SummaryRefreshInterval"/>, when a request finds it older; requests that arrive while it is
/// being worked out wait for the same pass.
/// </summary>
public sealed class CostBoard
{
    // Windows are free-form durations: past this many distinct (dimension, window) pairs the board starts afresh
    // rather than grow with whatever clients ask for.
    private const int MaxSummaries = 64;

    private readonly IGrainFactory _grains;
    private readonly IOptions<CostOptions> _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly Dictionary<(CostDimension Dimension, TimeSpan Window), SharedPass<CostView[]>> _summaries = [];
    private readonly SharedPass<CostRecommendation[]> _recommendations;

    /// <summary>Creates the board over the cost grains in the directory.</summary>
    public CostBoard(IGrainFactory grains, IOptions<CostOptions> options, TimeProvider time)
    {
        _grains = grains;
        _options = options;
        _time = time;
        _recommendations = new SharedPass<CostRecommendation[]>(RecommendAllAsync, time);
    }

    /// <summary>The cost of everything in <paramref name="dimension"/> over the last <paramref name="window"/>, in
    /// directory order.</summary>
    public Task<CostView[]> SummaryAsync(CostDimension dimension, TimeSpan window)
    {
        SharedPass<CostView[]>? pass;
        lock (_lock)
        {
            if (!_summaries.TryGetValue((dimension, window), out pass))
            {
                if (_summaries.Count >= MaxSummaries)
                {
                    _summaries.Clear();
                }

                pass = new SharedPass<CostView[]>(() => DescribeAllAsync(dimension, window), _time);
                _summaries.Add((dimension, window), pass);
            }
        }

        return pass.GetAsync(_options.Value.SummaryRefreshInterval);
    }

    /// <summary>Every service's savings recommendations.</summary>
    public Task<CostRecommendation[]> RecommendationsAsync() => _recommendations.GetAsync(_options.Value.SummaryRefreshInterval);

    private async Task<CostView[]> DescribeAllAsync(CostDimension dimension, TimeSpan window)
    {
        var keys = await KeysAsync(dimension).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        return await Task.WhenAll(keys.Select(k => _grains.GetGrain<ICostGrain>(k).Describe(now, window))).ConfigureAwait(false);
    }

    private async Task<CostRecommendation[]> RecommendAllAsync()
    {
        var keys = await KeysAsync(CostDimension.Service).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var lists = await Task.WhenAll(keys.Select(k => _grains.GetGrain<ICostGrain>(k).Recommendations(now))).ConfigureAwait(false);
        return [.. lists.SelectMany(l => l)];
    }

    private async Task<IEnumerable<string>> KeysAsync(CostDimension dimension)
    {
        var prefix = CostKeys.Name(dimension) + "/";
        var keys = await _grains.GetGrain<ICostDirectoryGrain>(ICostDirectoryGrain.DefaultKey).Keys().ConfigureAwait(false);
        return keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }
}
