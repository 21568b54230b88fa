namespace Camstreamd.Cli.Receive;

/// <summary>One connection to a sender, read frame by frame.</summary>
internal interface IFrameConnection : IAsyncDisposable
{
    /// <summary>
    /// Reads the next frame into <paramref name="frame"/>. Throws <see cref="ConnectionLost"/> when the sender goes
    /// away (we reconnect) and <see cref="ReceiveFailure"/> when what it sends is not a stream of frames.
    /// </summary>
    ValueTask ReadFrameAsync(FrameBuffer frame, CancellationToken cancellationToken);
}
