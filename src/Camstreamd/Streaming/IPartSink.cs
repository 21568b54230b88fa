namespace Camstreamd.Streaming;

/// <summary>Where a viewer's bytes go: Kestrel's response pipe, or the connection's socket directly.</summary>
internal interface IPartSink
{
    /// <summary>Writes all of <paramref name="bytes"/>; false when the client is gone.</summary>
    ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);
}
