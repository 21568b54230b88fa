namespace Camstreamd.Configuration;

/// <summary>The <c>Camera</c> section: which source to capture and how.</summary>
public sealed class CameraOptions
{
    public const string SectionName = "Camera";

    /// <summary><value>The default value is <c>auto</c>: a V4L2 camera when present, else the test pattern.</value></summary>
    public string Source { get; set; } = "auto";

    /// <summary><value>The default value is 1280.</value></summary>
    public int Width { get; set; } = 1280;

    /// <summary><value>The default value is 720.</value></summary>
    public int Height { get; set; } = 720;

    /// <summary><value>The default value is 30.</value></summary>
    public double FramesPerSecond { get; set; } = 30;

    /// <summary>Quality for frames we encode ourselves. <value>The default value is 80.</value></summary>
    public int JpegQuality { get; set; } = 80;

    /// <summary>The folder of JPEG files for <c>Source=folder</c>.</summary>
    public string Folder { get; set; } = "";

    /// <summary>Folder source: cycle over the files (true) or play each new file once as it appears (false). <value>The default value is true.</value></summary>
    public bool Loop { get; set; } = true;

    /// <summary>
    /// For <c>Source=command</c>: a command line whose standard output is MJPEG (concatenated JPEGs), run as
    /// <c>/bin/sh -c "exec COMMAND"</c>. <c>{width}</c>, <c>{height}</c> and <c>{fps}</c> are replaced by
    /// <see cref="Width"/>, <see cref="Height"/> and <see cref="FramesPerSecond"/>.
    /// </summary>
    public string Command { get; set; } = "";

    /// <summary>The V4L2 device; stable paths such as /dev/v4l/by-id/... work. <value>The default value is /dev/video0.</value></summary>
    public string Device { get; set; } = "/dev/video0";

    /// <summary><value>The default value is <c>auto</c>.</value></summary>
    public string PixelFormat { get; set; } = "auto";

    /// <summary><value>The default value is 3.</value></summary>
    public int BufferCount { get; set; } = 3;

    /// <summary>How long a silent camera is waited for before it counts as failed. <value>The default value is 2 s.</value></summary>
    public TimeSpan DeviceTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>V4L2 control name to value, e.g. <c>"brightness": 140</c>.</summary>
    public Dictionary<string, int> Controls { get; set; } = [];

    /// <summary>0, 90, 180 or 270. <value>The default value is 0.</value></summary>
    public int Rotation { get; set; }

    public bool FlipHorizontal { get; set; }

    public bool FlipVertical { get; set; }

    /// <summary>True when every value equals <paramref name="other"/>'s (a reload that changes none needs no capture restart).</summary>
    public bool SameAs(CameraOptions other) =>
        Source == other.Source && Width == other.Width && Height == other.Height && FramesPerSecond.Equals(other.FramesPerSecond)
        && JpegQuality == other.JpegQuality && Folder == other.Folder && Loop == other.Loop && Command == other.Command && Device == other.Device
        && PixelFormat == other.PixelFormat && BufferCount == other.BufferCount && DeviceTimeout == other.DeviceTimeout
        && Rotation == other.Rotation && FlipHorizontal == other.FlipHorizontal && FlipVertical == other.FlipVertical
        && Controls.Count == other.Controls.Count && Controls.All(pair => other.Controls.TryGetValue(pair.Key, out int value) && value == pair.Value);
}
