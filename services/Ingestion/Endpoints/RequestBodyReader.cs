using Microsoft.AspNetCore.Http.Features;

namespace OpenMrs.Ingestion.Endpoints;

/// <summary>Reads a request body into memory, refusing (413) any body over the limit before or while reading it.</summary>
public static class RequestBodyReader
{
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) throw TooLarge(request.ContentLength.Value, maxBytes);

        // The server's own limit would answer the same; lift it so ours, with its clearer message, applies first.
        var sizeFeature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = maxBytes + 1;

        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 16 * 1024);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await ReadChunkAsync(request.Body, chunk, maxBytes, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(null, maxBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>A body without a length (chunked) can cross the server's limit inside one read; its refusal names the
    /// server's internal limit (one byte over ours), so it is answered with ours.</summary>
    private static async Task<int> ReadChunkAsync(Stream body, byte[] chunk, long maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            return await body.ReadAsync(chunk, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(null, maxBytes);
        }
    }

    private static BadHttpRequestException TooLarge(long? length, long maxBytes) => new(
        $"The request body {(length is { } l ? $"is {l} bytes" : "exceeds the limit")}; at most {maxBytes} bytes are accepted. Split the batch.",
        StatusCodes.Status413PayloadTooLarge);
}
