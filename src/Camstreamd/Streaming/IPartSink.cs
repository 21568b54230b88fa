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

    /// <summary>
    /// Writes as much of <paramref name="first"/> then <paramref name="second"/> as the connection takes at once,
    /// in one call and without waiting; returns how many bytes were taken (0 when it would have to wait, on an
    /// error, or when this sink cannot gather). The caller sends the rest with <see cref="SendAsync"/>, which
    /// also reports a lost client. It saves a second send per frame for framings with a header of their own.
    /// </summary>
    int SendNow(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second);
}
