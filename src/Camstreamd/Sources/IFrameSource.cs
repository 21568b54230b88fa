using Camstreamd.Frames;

namespace Camstreamd.Sources;

/// <summary>
/// A producer of JPEG frames: the test pattern, a folder, a V4L2 camera. The capture service calls
/// it from one dedicated thread: <see cref="Open"/> when someone watches, <see cref="Capture"/> in a
/// loop, <see cref="Close"/> when nobody has watched for the idle timeout. A source paces itself
/// (a camera by its own clock, synthetic sources by absolute deadlines) and every wait it makes is
/// bounded and observes the token.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>What the source is, for /state, /metrics and the log. Updated after <see cref="Open"/>.</summary>
    SourceDescription Description { get; }

    /// <summary>Acquires the device or input. Throws <see cref="FrameSourceException"/> with an operator-readable reason.</summary>
    void Open(CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the next frame and writes it into a frame rented from <paramref name="pool"/>.
    /// Returns <see cref="CaptureResult.Frame"/> with <paramref name="frame"/> owned by the caller,
    /// <see cref="CaptureResult.Dropped"/> for a broken frame that was discarded (the reason is in
    /// <paramref name="dropReason"/>), or <see cref="CaptureResult.NoFrame"/> when nothing arrived in time.
    /// Throws <see cref="FrameSourceException"/> when the source failed and must be reopened.
    /// </summary>
    CaptureResult Capture(FramePool pool, CancellationToken cancellationToken, out Frame? frame, out string? dropReason);

    /// <summary>Releases the device or input. Safe to call when not open.</summary>
    void Close();
}
