namespace Camstreamd.Streaming;

/// <summary>Where a viewer's bytes go: Kestrel's response pipe, or the connection's socket directly.</summary>
internal interface IPartSink
{
    /// <summary>
    /// Writes some or all of <paramref name="bytes"/>; returns how many were taken, 0 when the client is gone.
    /// Callers loop until all are taken. A plain (not async) method on purpose, so a send that completes
    /// later costs no state-machine allocation per frame.
    /// </summary>
    ValueTask<int> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);
}
