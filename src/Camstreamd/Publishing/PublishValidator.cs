using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.Processes;
using Camstreamd.Publishing.Rtsp;
using Camstreamd.Security;

namespace Camstreamd.Publishing;

/// <summary>
/// The rules of the <c>Publish</c> section, checked at start and on reload: each message names the key
/// (<c>Publish:Targets:0:Url</c>), the value (a URL with its password as <c>***</c>) and what is allowed.
/// </summary>
internal static class PublishValidator
{
    public const string H264 = "h264";
    public const string Mjpeg = "mjpeg";

    private static readonly string[] Codecs = [H264, Mjpeg];
    private static readonly string[] Transports = ["tcp", "udp"];

    public static void Validate(PublishOptions publish, List<string> errors)
    {
        if (publish.Targets.Count == 0)
        {
            return;
        }

        string? ffmpeg = ExecutablePath.Find(publish.Ffmpeg);
        HashSet<string>? encoders = null;
        if (ffmpeg is null)
        {
            errors.Add($"Publish:Ffmpeg is '{publish.Ffmpeg}', which is not an executable file or a program on PATH ({Environment.GetEnvironmentVariable("PATH")}); Publish:Targets needs ffmpeg: install the ffmpeg package or set Publish:Ffmpeg to its path.");
        }
        else if (publish.Targets.Any(target => !IsAuto(target.Encoder)))
        {
            // Only a named encoder needs ffmpeg asked at start (a slow board's boot pays nothing for auto).
            encoders = FfmpegCapabilities.ListEncoders(ffmpeg);
            if (encoders is null)
            {
                errors.Add($"Publish:Ffmpeg is '{publish.Ffmpeg}' ({ffmpeg}), which did not list its encoders in time (ffmpeg -hide_banner -encoders); allowed: a working ffmpeg, or Encoder auto.");
            }
        }

        for (int index = 0; index < publish.Targets.Count; index++)
        {
            ValidateTarget(string.Create(CultureInfo.InvariantCulture, $"Publish:Targets:{index}"), publish.Targets[index], encoders, errors);
        }
    }

    private static bool IsAuto(string encoder) => string.Equals(encoder, PublishTargetOptions.DefaultEncoder, StringComparison.OrdinalIgnoreCase);

    private static void ValidateTarget(string key, PublishTargetOptions target, HashSet<string>? encoders, List<string> errors)
    {
        PublishUrl? url = PublishUrl.TryParse(target.Url, out string? problem);
        if (url is null)
        {
            errors.Add($"{key}:Url is '{Redact.Url(target.Url)}': {problem}; allowed: rtsp://, rtsps://, rtmp:// or rtmps:// URLs, e.g. rtsp://user:password@server:8554/cam or rtmp://server/live/cam.");
        }
        else if (!url.IsRtsp && url.UserInfo is not null)
        {
            // ffmpeg would use it only for Adobe/Limelight authentication inside RTMP's connect, on its command line;
            // MediaMTX, SRS and nginx-rtmp take RTMP credentials in the stream key or the query instead.
            errors.Add($"{key}:Url is '{url.Redacted}': an RTMP URL's user:password@ would reach ffmpeg's command line (ps, systemctl status) and MediaMTX, SRS and nginx-rtmp do not read it; allowed: credentials in the stream key or the query, e.g. {url.Scheme}://{url.HostAndPort}/live/cam?user=NAME&pass=PASSWORD, which are kept off the command line.");
        }

        string codec = target.Codec.ToLowerInvariant();
        if (!Codecs.Contains(codec))
        {
            errors.Add($"{key}:Codec is '{target.Codec}'; allowed: h264 or mjpeg.");
        }
        else if (codec == Mjpeg && url is { IsRtsp: false })
        {
            errors.Add($"{key}:Codec is 'mjpeg' for {url.Redacted}; allowed: mjpeg with rtsp:// or rtsps:// only (RTMP carries H.264), or h264.");
        }

        bool autoEncoder = IsAuto(target.Encoder);
        if (codec == Mjpeg && !autoEncoder)
        {
            errors.Add($"{key}:Encoder is '{target.Encoder}' with Codec mjpeg, which sends the camera's JPEGs as they are; allowed: auto (or Codec h264).");
        }
        else if (!autoEncoder && encoders is not null && !encoders.Contains(target.Encoder))
        {
            string h264 = string.Join(", ", encoders.Where(name => name.Contains("264", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
            errors.Add($"{key}:Encoder is '{target.Encoder}', which this ffmpeg does not have; allowed: auto or an encoder ffmpeg -encoders lists (H.264: {h264}).");
        }

        if (!Bitrate.TryParse(target.Bitrate, out long bits) || bits < Bitrate.Minimum || bits > Bitrate.Maximum)
        {
            errors.Add($"{key}:Bitrate is '{target.Bitrate}'; allowed: bits per second from 10k to 100M, as a number with an optional k or M (e.g. 2000k, 1.5M).");
        }

        if (target.KeyframeInterval < TimeSpan.FromSeconds(0.1) || target.KeyframeInterval > TimeSpan.FromSeconds(60))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:KeyframeInterval is {target.KeyframeInterval.TotalSeconds} s; allowed: 0.1 to 60 s."));
        }

        if (target.FramesPerSecond is double fps && (fps < 0.1 || fps > 240))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:FramesPerSecond is {fps}; allowed: 0.1 to 240, or unset for the source's rate."));
        }

        string transport = target.Transport.ToLowerInvariant();
        if (!Transports.Contains(transport))
        {
            errors.Add($"{key}:Transport is '{target.Transport}'; allowed: tcp or udp.");
        }
        else if (transport == "udp" && url is { IsRtsp: false })
        {
            errors.Add($"{key}:Transport is 'udp' for {url.Redacted}; allowed: udp with rtsp:// only (RTMP runs over TCP), or tcp.");
        }
        else if (transport == "udp" && url is { Scheme: "rtsps" })
        {
            errors.Add($"{key}:Transport is 'udp' for {url.Redacted}; allowed: udp with rtsp:// only (RTSPS carries the media inside its TLS connection), or tcp.");
        }

        if (target.TlsFingerprint is string fingerprint)
        {
            if (CertificatePin.TryParse(fingerprint) is null)
            {
                errors.Add($"{key}:TlsFingerprint is '{fingerprint}'; allowed: the SHA-256 of the server's certificate as 64 hex digits, colons allowed (openssl x509 -noout -fingerprint -sha256 -in cert.pem), or unset.");
            }
            else if (url is not null && url.Scheme != "rtsps")
            {
                errors.Add($"{key}:TlsFingerprint is set for {url.Redacted}; allowed: with rtsps:// only (the daemon does that TLS; ffmpeg does rtmps' and cannot pin), or unset.");
            }
        }
    }
}
