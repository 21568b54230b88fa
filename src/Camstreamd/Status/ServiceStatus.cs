using System.Globalization;

namespace Camstreamd.Status;

/// <summary>What the STATUS= line shows in <c>systemctl status</c>.</summary>
/// <param name="Source">The source kind and, where it has one, its device or folder, e.g. <c>v4l2 /dev/video0</c>.</param>
/// <param name="Width">Frame width in pixels, 0 when not known yet.</param>
/// <param name="Height">Frame height in pixels, 0 when not known yet.</param>
/// <param name="FramesPerSecond">Measured rate.</param>
/// <param name="Viewers">Connected stream clients.</param>
/// <param name="Streaming">True while capturing; false when idle (camera released).</param>
/// <param name="LastError">The most recent source error, or null.</param>
internal sealed record ServiceStatus(
    string Source,
    int Width,
    int Height,
    double FramesPerSecond,
    int Viewers,
    bool Streaming,
    string? LastError)
{
    /// <summary>True while privacy is on: the camera is released and viewers see the privacy picture.</summary>
    public bool Privacy { get; init; }

    /// <summary>One human line, e.g. <c>v4l2 /dev/video0 640x480 25.0 fps, 2 viewers, streaming</c>.</summary>
    public string ToStatusLine()
    {
        string size = Width > 0 && Height > 0
            ? string.Create(CultureInfo.InvariantCulture, $" {Width}x{Height}")
            : "";
        string state = Privacy
            ? "privacy (camera off)"
            : Streaming
                ? string.Create(CultureInfo.InvariantCulture, $"{FramesPerSecond:0.0} fps, streaming")
                : "idle";
        string viewers = Viewers == 1 ? "1 viewer" : string.Create(CultureInfo.InvariantCulture, $"{Viewers} viewers");
        string error = string.IsNullOrEmpty(LastError) ? "" : "; last error: " + LastError;
        return $"{Source}{size}, {state}, {viewers}{error}";
    }
}
