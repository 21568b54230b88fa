using System.Globalization;
using Camstreamd.Configuration;

namespace Camstreamd.Publishing;

/// <summary>
/// ffmpeg's command line for one target: our JPEGs on stdin, each with its capture time as its timestamp
/// (<see cref="MatroskaPipe"/>), encoded to a constant frame rate or sent as they are, and pushed to the server. Progress goes to
/// stderr as key=value lines (<see cref="FfmpegProgress"/>), errors only otherwise.
/// </summary>
internal static class FfmpegArguments
{
    /// <summary>libx264 for live streaming: fast enough for a Raspberry Pi, no frame buffering (lookahead, B-frames).</summary>
    private static readonly string[] Libx264Tuning = ["-preset", "superfast", "-tune", "zerolatency"];

    /// <summary>
    /// <paramref name="rtmpPresetPath"/>: the <see cref="RtmpPreset"/> file, if any; <paramref name="rtspRelayUrl"/>: the
    /// <see cref="Rtsp.RtspRelay"/> ffmpeg publishes to in place of an RTSP URL with credentials or an RTSPS one, if any.
    /// </summary>
    public static List<string> Build(PublishTargetOptions target, PublishUrl url, string encoder, double framesPerSecond, string? rtmpPresetPath, string? rtspRelayUrl = null)
    {
        List<string> arguments = new()
        {
            "-hide_banner", "-loglevel", "error", "-nostats", "-progress", "pipe:2", "-stats_period", "0.5",
            "-f", "matroska", "-fflags", "+nobuffer", "-analyzeduration", "0", "-i", "pipe:0",
            "-an",
        };

        if (string.Equals(target.Codec, PublishValidator.Mjpeg, StringComparison.OrdinalIgnoreCase))
        {
            // RTP/JPEG (RFC 2435) from the camera's own JPEGs: no decode, no encode, the capture's own pace.
            arguments.AddRange(["-c:v", "copy"]);
        }
        else
        {
            string fps = framesPerSecond.ToString("0.###", CultureInfo.InvariantCulture);
            int gop = Math.Max(1, (int)Math.Round(target.KeyframeInterval.TotalSeconds * framesPerSecond));
            arguments.AddRange(["-c:v", encoder]);
            if (encoder == FfmpegCapabilities.SoftwareH264)
            {
                arguments.AddRange(Libx264Tuning);
            }

            // yuv420p: what every player and the hardware encoders take (the camera's JPEGs are often 4:2:2).
            // A constant rate on the capture clock: a frame the source skipped is repeated, an extra one dropped.
            arguments.AddRange(["-pix_fmt", "yuv420p", "-b:v", target.Bitrate, "-maxrate", target.Bitrate, "-bufsize", target.Bitrate,
                "-g", gop.ToString(CultureInfo.InvariantCulture), "-fps_mode", "cfr", "-r", fps]);
        }

        if (url.IsRtsp)
        {
            arguments.AddRange(["-f", "rtsp", "-rtsp_transport", target.Transport.ToLowerInvariant(), rtspRelayUrl ?? url.Original]);
        }
        else if (rtmpPresetPath is not null)
        {
            // The application and stream key (and any ?user=&pass= query) come from the preset file, so they
            // are not in ffmpeg's command line, which `ps` and `systemctl status` show.
            arguments.AddRange(["-fpre", rtmpPresetPath, "-f", "flv", RtmpPreset.ServerUrl(url)]);
        }
        else
        {
            arguments.AddRange(["-f", "flv", url.Original]);
        }

        return arguments;
    }
}
