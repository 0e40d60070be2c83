using System.Buffers;
using System.IO.Compression;
using EnterpriseHub.Ingestion;
using Microsoft.AspNetCore.Http.Features;

namespace EnterpriseHub.Silo.Ingestion;

/// <summary>
/// A request body read whole into a pooled buffer, within <see cref="IngestionOptions.MaxBodyBytes"/> as sent and
/// <see cref="IngestionOptions.MaxUncompressedBytes"/> after a gzip or deflate Content-Encoding. Dispose returns the
/// buffer.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The body's length in bytes.</summary>
    public int Length { get; }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads the body; with <paramref name="decodeContentEncoding"/>, undoes gzip or deflate.</summary>
    /// <exception cref="IngestTooLargeException">Over a size limit.</exception>
    /// <exception cref="UnsupportedMediaException">A Content-Encoding other than identity, gzip or deflate.</exception>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, IngestionOptions options, bool decodeContentEncoding, CancellationToken cancellationToken)
    {
        var limit = options.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            throw TooLarge(options);
        }

        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false })
        {
            // One byte over the limit is how the loop below notices; the server's own default (30 MB) must not stop
            // it earlier.
            sizeFeature.MaxRequestBodySize = limit + 1L;
        }

        var encoding = decodeContentEncoding ? request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant() : string.Empty;
        if (encoding is not ("" or "identity" or "gzip" or "x-gzip" or "deflate"))
        {
            throw new UnsupportedMediaException($"Content-Encoding '{encoding}' is not supported; send identity, gzip or deflate.");
        }

        var initial = request.ContentLength is { } length ? (int)length + 1 : 64 * 1024;
        RequestBody raw;
        try
        {
            raw = await ReadAllAsync(request.Body, Math.Min(initial, limit + 1), limit, () => TooLarge(options), cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server counts chunked bodies as they arrive, ahead of what was asked for.
            throw TooLarge(options);
        }

        if (encoding is "" or "identity")
        {
            return raw;
        }

        using (raw)
        {
            var source = new MemoryStream(raw._buffer!, 0, raw.Length, writable: false);
            using Stream decompressor = encoding == "deflate"
                ? new ZLibStream(source, CompressionMode.Decompress)
                : new GZipStream(source, CompressionMode.Decompress);
            try
            {
                return await ReadAllAsync(decompressor, Math.Min(Math.Max(raw.Length * 4, 4096), options.MaxUncompressedBytes + 1), options.MaxUncompressedBytes,
                    () => new IngestTooLargeException("Ingestion:MaxUncompressedBytes", options.MaxUncompressedBytes,
                        $"The body decompresses to more than {options.MaxUncompressedBytes} bytes (Ingestion:MaxUncompressedBytes)."),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new IngestValidationException("body", $"The body is not valid {encoding} data ({e.Message}).");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<RequestBody> ReadAllAsync(Stream stream, int initialSize, int limit, Func<IngestTooLargeException> tooLarge, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialSize, 16));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, limit + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                // Never ask for more than one byte past the limit.
                var room = (int)Math.Min(buffer.Length - length, limit + 1L - length);
                var read = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new RequestBody(buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    throw tooLarge();
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static IngestTooLargeException TooLarge(IngestionOptions options) =>
        new("Ingestion:MaxBodyBytes", options.MaxBodyBytes, $"The request body is larger than {options.MaxBodyBytes} bytes (Ingestion:MaxBodyBytes).");
}

/// <summary>The request's content type or encoding is not one the endpoint reads; maps to 415.</summary>
internal sealed class UnsupportedMediaException(string message) : Exception(message);
