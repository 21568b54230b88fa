using Camstreamd.Frames;

namespace Camstreamd.TestSupport;

/// <summary>Frames with recognisable content, for tests of the fan-out that do not care about JPEG.</summary>
public static class TestFrames
{
    /// <summary>A frame owned once by the caller, its bytes all equal to the low byte of the sequence.</summary>
    public static Frame Rent(FramePool pool, long sequence, int length = 16)
    {
        Frame frame = pool.Rent(length);
        frame.WritableBuffer[..length].Fill((byte)sequence);
        frame.Complete(length, 640, 480, sequence, sequence, sequence * 1_000_000);
        return frame;
    }
}
