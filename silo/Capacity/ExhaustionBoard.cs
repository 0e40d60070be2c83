using EnterpriseHub.Abstractions.Capacity;
using EnterpriseHub.Grains.Capacity;
using EnterpriseHub.Silo.Hosting;
using EnterpriseHub.Silo.Monitoring;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Capacity;

/// <summary>
/// Time to exhaustion of every utilisation series, as <c>GET /api/v1/capacity</c> serves it. Working it out asks
/// each such series' grain for its recent points, which at a hundred thousand series is far too much for every
/// request, so the board keeps the last answer and works it out again at most once per
/// <see cref="CapacityOptions.RefreshInterval"/>, when a request finds it older; requests meanwhile share it, and
/// requests that arrive while it is being worked out wait for the same result.
/// </summary>
public sealed class ExhaustionBoard
{
    private readonly SeriesIndex _index;
    private readonly IOptions<CapacityOptions> _options;
    private readonly SharedPass<ExhaustionView[]> _estimates;

    /// <summary>Creates the board over the series in <paramref name="index"/>.</summary>
    public ExhaustionBoard(SeriesIndex index, IOptions<CapacityOptions> options, TimeProvider time)
    {
        _index = index;
        _options = options;
        _estimates = new SharedPass<ExhaustionView[]>(EstimateAllAsync, time);
    }

    /// <summary>The estimates of <paramref name="service"/>'s series (all when null), soonest exhaustion first.</summary>
    public async Task<IReadOnlyList<ExhaustionView>> ForAsync(string? service)
    {
        var all = await _estimates.GetAsync(_options.Value.RefreshInterval).ConfigureAwait(false);
        if (service is null)
        {
            return all;
        }

        var mine = new List<ExhaustionView>();
        foreach (var view in all)
        {
            if (view.Service == service)
            {
                mine.Add(view);
            }
        }

        return mine;
    }

    private async Task<ExhaustionView[]> EstimateAllAsync()
    {
        var settings = _options.Value;
        var grains = new List<Task<Abstractions.Metrics.SeriesView>>();
        foreach (var entry in _index.All)
        {
            if (ExhaustionEstimator.Applies(entry.Key.Metric))
            {
                grains.Add(entry.Grain.Describe(CapacityOptions.TrendPoints, 0));
            }
        }

        var views = await Task.WhenAll(grains).ConfigureAwait(false);
        var estimates = new ExhaustionView[views.Length];
        for (var i = 0; i < views.Length; i++)
        {
            estimates[i] = ExhaustionEstimator.Estimate(views[i], settings.Horizon);
        }

        Array.Sort(estimates, static (a, b) =>
        {
            var order = (a.ExpectedIn ?? TimeSpan.MaxValue).CompareTo(b.ExpectedIn ?? TimeSpan.MaxValue);
            return order != 0 ? order : string.CompareOrdinal(a.SeriesId, b.SeriesId);
        });
        return estimates;
    }
}
