using System.Text;
using EnterpriseHub.Runtime;
using EnterpriseHub.Runtime.Storage;
using Xunit;

namespace EnterpriseHub.Storage.Tests;

/// <summary>The behaviour every <see cref="IGrainStorage"/> provider owes the runtime; one subclass per provider.</summary>
public abstract class GrainStorageConformanceTests : IAsyncLifetime
{
    private static readonly GrainId s_grain = new("metric", "checkout/latency_p99");
    private const string State = "baseline";

    protected IGrainStorage Storage { get; private set; } = null!;

    protected abstract IGrainStorage CreateStorage();

    public virtual Task InitializeAsync()
    {
        Storage = CreateStorage();
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync()
    {
        if (Storage is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    [Fact]
    public async Task Reading_a_missing_record_returns_null()
    {
        Assert.Null(await Storage.ReadAsync(s_grain, State, CancellationToken.None));
    }

    [Fact]
    public async Task Writing_with_a_null_etag_creates_the_record_and_returns_its_etag()
    {
        var etag = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"mean\":1.5}"), null, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(etag));
        var record = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal("{\"mean\":1.5}", Encoding.UTF8.GetString(record.Payload));
        Assert.Equal(etag, record.Etag);
    }

    [Fact]
    public async Task Writing_with_the_current_etag_replaces_the_record_and_changes_the_etag()
    {
        var first = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":1}"), null, CancellationToken.None);

        var second = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":2}"), first, CancellationToken.None);

        Assert.NotEqual(first, second);
        var record = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString(record!.Payload));
        Assert.Equal(second, record.Etag);
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_throws_naming_both_etags_and_keeps_the_record()
    {
        var stale = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":1}"), null, CancellationToken.None);
        var current = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":2}"), stale, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":3}"), stale, CancellationToken.None));

        Assert.Equal(current, ex.StoredEtag);
        Assert.Equal(stale, ex.CurrentEtag);
        Assert.Contains("metric/checkout/latency_p99", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'baseline'", ex.Message, StringComparison.Ordinal);
        var record = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString(record!.Payload));
        Assert.Equal(current, record.Etag);
    }

    [Fact]
    public async Task Writing_with_a_null_etag_over_an_existing_record_throws()
    {
        var etag = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":1}"), null, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":2}"), null, CancellationToken.None));

        Assert.Equal(etag, ex.StoredEtag);
        Assert.Null(ex.CurrentEtag);
        Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString((await Storage.ReadAsync(s_grain, State, CancellationToken.None))!.Payload));
    }

    [Fact]
    public async Task Writing_with_an_etag_when_no_record_exists_throws()
    {
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), "1", CancellationToken.None));

        Assert.Null(ex.StoredEtag);
        Assert.Equal("1", ex.CurrentEtag);
        Assert.Null(await Storage.ReadAsync(s_grain, State, CancellationToken.None));
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("")]
    [InlineData("-1")]
    [InlineData("0")]
    public async Task Writing_with_an_etag_the_provider_never_issued_throws(string foreign)
    {
        var etag = await Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), null, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), foreign, CancellationToken.None));

        Assert.Equal(etag, ex.StoredEtag);
        Assert.Equal(foreign, ex.CurrentEtag);
    }

    [Fact]
    public async Task An_etag_with_a_leading_zero_does_not_alias_the_stored_etag()
    {
        var etag = await Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), null, CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), "0" + etag, CancellationToken.None));
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_and_keeps_the_record()
    {
        var stale = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":1}"), null, CancellationToken.None);
        var current = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":2}"), stale, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.ClearAsync(s_grain, State, stale, CancellationToken.None));

        Assert.Equal(current, ex.StoredEtag);
        Assert.Equal(stale, ex.CurrentEtag);
        Assert.Contains("metric/checkout/latency_p99", ex.Message, StringComparison.Ordinal);
        Assert.Equal(current, (await Storage.ReadAsync(s_grain, State, CancellationToken.None))!.Etag);
    }

    [Fact]
    public async Task Clearing_with_a_null_etag_when_a_record_exists_throws()
    {
        var etag = await Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), null, CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.ClearAsync(s_grain, State, null, CancellationToken.None));

        Assert.Equal(etag, ex.StoredEtag);
        Assert.Null(ex.CurrentEtag);
    }

    [Fact]
    public async Task Clearing_a_missing_record_with_a_null_etag_succeeds()
    {
        await Storage.ClearAsync(s_grain, State, null, CancellationToken.None);

        Assert.Null(await Storage.ReadAsync(s_grain, State, CancellationToken.None));
    }

    [Fact]
    public async Task Clearing_a_missing_record_with_an_etag_throws()
    {
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.ClearAsync(s_grain, State, "5", CancellationToken.None));

        Assert.Null(ex.StoredEtag);
        Assert.Equal("5", ex.CurrentEtag);
    }

    [Fact]
    public async Task Clearing_with_the_current_etag_removes_the_record()
    {
        var etag = await Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), null, CancellationToken.None);

        await Storage.ClearAsync(s_grain, State, etag, CancellationToken.None);

        Assert.Null(await Storage.ReadAsync(s_grain, State, CancellationToken.None));
    }

    [Fact]
    public async Task After_a_clear_a_null_etag_write_creates_a_record_whose_etag_is_new()
    {
        var before = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":1}"), null, CancellationToken.None);
        await Storage.ClearAsync(s_grain, State, before, CancellationToken.None);

        var after = await Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":2}"), null, CancellationToken.None);

        // A writer still holding the pre-clear ETag must not overwrite the new record.
        Assert.NotEqual(before, after);
        var ex = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{\"v\":3}"), before, CancellationToken.None));
        Assert.Equal(after, ex.StoredEtag);
        var record = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        Assert.Equal("{\"v\":2}", Encoding.UTF8.GetString(record!.Payload));
        Assert.Equal(after, record.Etag);
    }

    [Fact]
    public async Task Records_are_independent_across_state_names_grain_types_and_keys()
    {
        var keys = new (GrainId Grain, string State)[]
        {
            (new GrainId("metric", "a"), "baseline"),
            (new GrainId("metric", "a"), "forecast"),
            (new GrainId("metric", "b"), "baseline"),
            (new GrainId("incident", "a"), "baseline"),
        };
        var etags = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            etags[i] = await Storage.WriteAsync(keys[i].Grain, keys[i].State, Payloads.Counter(i), null, CancellationToken.None);
        }

        await Storage.ClearAsync(keys[0].Grain, keys[0].State, etags[0], CancellationToken.None);

        Assert.Null(await Storage.ReadAsync(keys[0].Grain, keys[0].State, CancellationToken.None));
        for (var i = 1; i < keys.Length; i++)
        {
            var record = await Storage.ReadAsync(keys[i].Grain, keys[i].State, CancellationToken.None);
            Assert.NotNull(record);
            Assert.Equal(i, Payloads.ReadCounter(record.Payload));
            Assert.Equal(etags[i], record.Etag);
        }

        Assert.Equal(keys.Length, etags.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task An_empty_payload_round_trips_as_zero_bytes()
    {
        var etag = await Storage.WriteAsync(s_grain, State, ReadOnlyMemory<byte>.Empty, null, CancellationToken.None);

        var record = await Storage.ReadAsync(s_grain, State, CancellationToken.None);

        Assert.NotNull(record);
        Assert.Empty(record.Payload);
        Assert.Equal(etag, record.Etag);
    }

    [Fact]
    public async Task A_slice_of_a_larger_buffer_stores_only_the_slice()
    {
        var buffer = Payloads.Json("xx{\"v\":7}yy");

        await Storage.WriteAsync(s_grain, State, buffer.AsMemory(2, buffer.Length - 4), null, CancellationToken.None);

        Assert.Equal("{\"v\":7}", Encoding.UTF8.GetString((await Storage.ReadAsync(s_grain, State, CancellationToken.None))!.Payload));
    }

    [Fact]
    public async Task Changing_the_callers_arrays_does_not_change_the_stored_bytes()
    {
        var written = Payloads.Json("{\"v\":1}");
        await Storage.WriteAsync(s_grain, State, written, null, CancellationToken.None);
        written[5] = (byte)'9';

        var firstRead = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        firstRead!.Payload[5] = (byte)'8';

        var secondRead = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        Assert.Equal("{\"v\":1}", Encoding.UTF8.GetString(secondRead!.Payload));
    }

    [Fact]
    public async Task A_cancelled_token_writes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Storage.WriteAsync(s_grain, State, Payloads.Json("{}"), null, cancelled.Token));

        Assert.Null(await Storage.ReadAsync(s_grain, State, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_read_modify_write_on_one_key_loses_no_increment()
    {
        const int Writers = 64;
        const int IncrementsPerWriter = 10;
        var conflicts = 0;
        var arrived = 0;
        var allHaveRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task IncrementAsync()
        {
            for (var done = 0; done < IncrementsPerWriter;)
            {
                var record = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
                if (done == 0 && record is null)
                {
                    // The first round starts together: every writer has read "no record" before any writes, so
                    // exactly one wins and the other 63 must see a conflict.
                    if (Interlocked.Increment(ref arrived) == Writers)
                    {
                        allHaveRead.SetResult();
                    }

                    await allHaveRead.Task;
                }

                var next = record is null ? 1 : Payloads.ReadCounter(record.Payload) + 1;
                try
                {
                    await Storage.WriteAsync(s_grain, State, Payloads.Counter(next), record?.Etag, CancellationToken.None);
                    done++;
                }
                catch (InconsistentStateException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(IncrementAsync)));

        var final = await Storage.ReadAsync(s_grain, State, CancellationToken.None);
        Assert.Equal(Writers * IncrementsPerWriter, Payloads.ReadCounter(final!.Payload));

        Assert.True(conflicts >= Writers - 1, $"Expected at least {Writers - 1} conflicts in the first round, saw {conflicts}.");
    }

    [Fact]
    public async Task Concurrent_writers_on_different_keys_all_succeed()
    {
        const int Keys = 256;
        const int WritesPerKey = 8;

        async Task WriteKeyAsync(int key)
        {
            var grain = new GrainId("metric", "series-" + key);
            string? etag = null;
            for (var i = 1; i <= WritesPerKey; i++)
            {
                etag = await Storage.WriteAsync(grain, State, Payloads.Counter((key * 1000) + i), etag, CancellationToken.None);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Keys).Select(key => Task.Run(() => WriteKeyAsync(key))));

        for (var key = 0; key < Keys; key++)
        {
            var record = await Storage.ReadAsync(new GrainId("metric", "series-" + key), State, CancellationToken.None);
            Assert.Equal((key * 1000) + WritesPerKey, Payloads.ReadCounter(record!.Payload));
        }
    }
}
