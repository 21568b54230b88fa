using Camstreamd.Cli.Receive;

namespace Camstreamd.Fuzz.Targets;

/// <summary>Reads frames until the connection ends, as ReceiveCommand does; its two exceptions are the documented outcomes.</summary>
internal static class ReceiveLoop
{
    // One buffer for every input, as one receive reuses it for every frame (a new 256 KiB buffer per input made
    // the runtime's large-object collections the target's main cost).
    private static readonly FrameBuffer Frame = new();

    public static void Run(IFrameConnection connection)
    {
        FrameBuffer frame = Frame;
        try
        {
            while (true)
            {
                ValueTask read = connection.ReadFrameAsync(frame, CancellationToken.None);
                // A MemoryStream completes every read synchronously.
                Check.That(read.IsCompleted, "a read over a memory stream that did not complete");
                read.GetAwaiter().GetResult();
                Check.That(frame.Length <= FrameBuffer.MaxFrameBytes, "a frame over the limit");
            }
        }
        catch (Exception exception) when (exception is ConnectionLost or ReceiveFailure)
        {
        }
        finally
        {
            connection.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
