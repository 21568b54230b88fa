namespace Camstreamd.Configuration;

/// <summary>The <c>Publish</c> section: video servers (RTSP, RTMP) the camera is pushed to.</summary>
public sealed class PublishOptions
{
    public const string SectionName = "Publish";

    /// <summary>The ffmpeg program that encodes and sends, a name on PATH or a path. <value>The default value is <c>ffmpeg</c>.</value></summary>
    public string Ffmpeg { get; set; } = "ffmpeg";

    /// <summary>Where to publish, one ffmpeg each. <value>The default value is an empty list.</value></summary>
    public OptionsList<PublishTargetOptions> Targets { get; set; } = [];
}
