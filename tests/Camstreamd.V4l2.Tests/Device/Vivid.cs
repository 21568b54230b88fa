namespace Camstreamd.V4l2.Tests.Device;

/// <summary>
/// The vivid devices that `make test-vivid` creates in the VM (see the Makefile): three instances, each with
/// only a video capture node (node_types=0x1): a single-planar webcam, a multi-planar webcam, an HDMI input.
/// </summary>
internal static class Vivid
{
    /// <summary>Trait value of tests that need the VM; host runs filter them out with Requires!=vivid.</summary>
    public const string Requires = "vivid";

    public static string Webcam => Environment.GetEnvironmentVariable("VIVID_WEBCAM") ?? "/dev/video0";

    public static string MultiPlanar => Environment.GetEnvironmentVariable("VIVID_MPLANE") ?? "/dev/video1";

    public static string Hdmi => Environment.GetEnvironmentVariable("VIVID_HDMI") ?? "/dev/video2";

    public static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Open file descriptors of this process, after finalizers ran, so sockets and pipes that earlier
    /// tests dropped do not close in the middle of a leak check.
    /// </summary>
    public static int CountOpenFds()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFiles("/proc/self/fd").Length;
    }

    /// <summary>Mappings of <paramref name="path"/> in this process (each mmap'd buffer plane is one).</summary>
    public static int CountMappings(string path)
    {
        string target = Path.GetFullPath(path);
        return File.ReadLines("/proc/self/maps").Count(line => line.EndsWith(target, StringComparison.Ordinal));
    }

    /// <summary>Dequeues one frame, runs <paramref name="check"/> on it and requeues; fails on timeout.</summary>
    public static void NextFrame(V4l2Capture capture, FrameCheck check)
    {
        V4l2WaitResult result = capture.TryDequeue(FrameTimeout, out V4l2Frame frame);
        Assert.Equal(V4l2WaitResult.Frame, result);
        try
        {
            check(frame);
        }
        finally
        {
            capture.Requeue();
        }
    }

    public delegate void FrameCheck(V4l2Frame frame);
}
