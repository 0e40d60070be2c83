using EnterpriseHub.Abstractions.Capacity;
using EnterpriseHub.Grains.Capacity;
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
public sealed class ExhaustionBoard(SeriesIndex index, IOptions<CapacityOptions> options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<ExhaustionView[]>? _current;
    private long _takenAt;

    /// <summary>The estimates of <paramref name="service"/>'s series (all when null), soonest exhaustion first.</summary>
    public async Task<IReadOnlyList<ExhaustionView>> ForAsync(string? service)
    {
        var all = await Current().ConfigureAwait(false);
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

    private Task<ExhaustionView[]> Current()
    {
        lock (_lock)
        {
            // A failed pass is not kept: the next request tries again.
            if (_current is null || _current.IsFaulted || _current.IsCanceled
                || (_current.IsCompleted && time.GetElapsedTime(_takenAt) >= options.Value.RefreshInterval))
            {
                _takenAt = time.GetTimestamp();
                _current = EstimateAllAsync();
            }

            return _current;
        }
    }

    private async Task<ExhaustionView[]> EstimateAllAsync()
    {
        var settings = options.Value;
        var grains = new List<Task<Abstractions.Metrics.SeriesView>>();
        foreach (var entry in index.All)
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
