using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>Source-generated log messages of the RTSP relay; event ids 5600-5649. URLs are always redacted.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5600, Level = LogLevel.Debug, Message = "Publish target {Url}: relaying ffmpeg's {LocalUrl} to the server ({Connection})")]
    public static partial void RelayOpened(ILogger logger, string url, string localUrl, string connection);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Debug, Message = "Publish target {Url}: RTP/RTCP over UDP relayed from ffmpeg's ports {FfmpegPorts} through ours {OutwardPorts} to the server's {ServerPorts}")]
    public static partial void RelayUdp(ILogger logger, string url, string ffmpegPorts, string outwardPorts, string serverPorts);
}
