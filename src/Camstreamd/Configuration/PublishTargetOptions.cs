namespace Camstreamd.Configuration;

/// <summary>One entry of <c>Publish:Targets</c>: a server and how to encode for it.</summary>
public sealed class PublishTargetOptions
{
    public const string DefaultCodec = "h264";
    public const string DefaultEncoder = "auto";
    public const string DefaultBitrate = "2000k";
    public const string DefaultTransport = "tcp";

    /// <summary><c>rtsp://</c>, <c>rtsps://</c>, <c>rtmp://</c> or <c>rtmps://</c>, optionally with <c>user:password@</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary><c>h264</c>, or <c>mjpeg</c> (RTSP only: our JPEGs as they are). <value>The default value is <c>h264</c>.</value></summary>
    public string Codec { get; set; } = DefaultCodec;

    /// <summary><c>auto</c> (h264_v4l2m2m when it works here, else libx264) or an ffmpeg encoder name. <value>The default value is <c>auto</c>.</value></summary>
    public string Encoder { get; set; } = DefaultEncoder;

    /// <summary>Video bitrate, bits per second with an optional k or M. <value>The default value is <c>2000k</c>.</value></summary>
    public string Bitrate { get; set; } = DefaultBitrate;

    /// <summary>Time between H.264 keyframes. <value>The default value is 2 s.</value></summary>
    public TimeSpan KeyframeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Frame rate sent; unset means the source's (Camera:FramesPerSecond). <value>The default value is unset.</value></summary>
    public double? FramesPerSecond { get; set; }

    /// <summary>For RTSP: <c>tcp</c> or <c>udp</c>. <value>The default value is <c>tcp</c>.</value></summary>
    public string Transport { get; set; } = DefaultTransport;

    /// <summary>
    /// For <c>rtsps://</c>: the SHA-256 fingerprint of the server's own certificate (64 hex digits, colons allowed),
    /// trusted instead of the system's roots, for a server with a self-signed certificate. <value>The default value is
    /// unset: the certificate must chain to a trusted root and name the URL's host.</value>
    /// </summary>
    public string? TlsFingerprint { get; set; }

    /// <summary>True when every value equals <paramref name="other"/>'s: a reload leaves such a target running.</summary>
    public bool SameAs(PublishTargetOptions other) =>
        Url == other.Url && Codec == other.Codec && Encoder == other.Encoder && Bitrate == other.Bitrate
        && KeyframeInterval == other.KeyframeInterval && FramesPerSecond == other.FramesPerSecond && Transport == other.Transport && TlsFingerprint == other.TlsFingerprint;
}
