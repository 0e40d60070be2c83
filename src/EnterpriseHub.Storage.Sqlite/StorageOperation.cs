using System.Globalization;
using EnterpriseHub.Runtime;

namespace EnterpriseHub.Storage.Sqlite;

/// <summary>
/// One write or clear waiting for the writer thread. The caller awaits <see cref="TaskCompletionSource{TResult}.Task"/>,
/// which completes only after the transaction holding the change has committed (or with the reason it did not).
/// </summary>
internal sealed class StorageOperation : TaskCompletionSource<string?>
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    // Queued -> Taken (by the writer) or Queued -> Cancelled (by the caller's token), never both: once the writer
    // has taken an operation it commits it, so a cancelled caller is never told "cancelled" about a write that landed.
    private int _state;
    private CancellationTokenRegistration _cancellation;

    private StorageOperation(GrainId grainId, string stateName, byte[]? payload, string? expectedEtag)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        // Continuations run on the thread pool, never inline on the writer thread, so a slow caller cannot stall
        // every other grain's commit.
        GrainId = grainId;
        StateName = stateName;
        Payload = payload;
        ExpectedEtag = expectedEtag;
        ExpectedVersion = ParseVersion(expectedEtag);
    }

    /// <summary>The grain whose state changes.</summary>
    public GrainId GrainId { get; }

    /// <summary>The state's name within the grain.</summary>
    public string StateName { get; }

    /// <summary>The bytes to store; null for a clear.</summary>
    public byte[]? Payload { get; }

    /// <summary>The ETag the caller expects to replace, as given.</summary>
    public string? ExpectedEtag { get; }

    /// <summary>The expected ETag as a version; null when no record may exist, -1 when the text can match no record.</summary>
    public long? ExpectedVersion { get; }

    /// <summary>True for a clear, false for a write.</summary>
    public bool IsClear => Payload is null;

    /// <summary>Set by the writer: true when the ETag check passed and the change was applied.</summary>
    public bool Applied { get; set; }

    /// <summary>Set by the writer for an applied write: the version written.</summary>
    public long NewVersion { get; set; }

    /// <summary>Set by the writer when the ETag check failed: the stored version, or null when no record exists.</summary>
    public long? ConflictingVersion { get; set; }

    /// <summary>Creates a write of <paramref name="payload"/>.</summary>
    public static StorageOperation Write(GrainId grainId, string stateName, byte[] payload, string? expectedEtag) =>
        new(grainId, stateName, payload, expectedEtag);

    /// <summary>Creates a clear.</summary>
    public static StorageOperation Clear(GrainId grainId, string stateName, string? expectedEtag) =>
        new(grainId, stateName, null, expectedEtag);

    /// <summary>Formats a stored version as an ETag.</summary>
    public static string FormatEtag(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Lets <paramref name="cancellationToken"/> withdraw the operation while it is still queued.</summary>
    public void RegisterCancellation(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(
                static (state, token) => ((StorageOperation)state!).TryCancel(token),
                this);
        }
    }

    /// <summary>Claims the operation for the writer; false when the caller already cancelled it.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Queued) == Queued;

    /// <summary>Completes the caller's task from the writer's outcome, after the batch committed.</summary>
    public void CompleteCommitted()
    {
        _cancellation.Dispose();
        if (Applied)
        {
            TrySetResult(IsClear ? null : FormatEtag(NewVersion));
            return;
        }

        var stored = ConflictingVersion is { } version ? FormatEtag(version) : null;
        TrySetException(new InconsistentStateException(
            $"{(IsClear ? "Clear" : "Write")} of state '{StateName}' of grain {GrainId} failed: the stored ETag is "
            + $"{stored ?? "<none>"} but the caller expected {ExpectedEtag ?? "<none>"}.",
            stored,
            ExpectedEtag));
    }

    /// <summary>Fails the caller's task because the batch did not commit.</summary>
    public void CompleteFailed(Exception exception)
    {
        _cancellation.Dispose();
        TrySetException(exception);
    }

    private void TryCancel(CancellationToken token)
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Queued) == Queued)
        {
            TrySetCanceled(token);
        }
    }

    private static long? ParseVersion(string? etag)
    {
        if (etag is null)
        {
            return null;
        }

        // Versions start at 1 and are formatted without sign or leading zeros; any other text (such as "007" or
        // an ETag from another provider) names no stored version, so it must fail the check rather than alias one.
        return etag.Length > 0 && etag[0] != '0'
            && long.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : -1;
    }
}
