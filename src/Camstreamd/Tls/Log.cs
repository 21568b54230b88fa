using Microsoft.Extensions.Logging;

namespace Camstreamd.Tls;

internal static partial class Log
{
    [LoggerMessage(EventId = 5050, Level = LogLevel.Information, Message = "HTTPS with {Path} ({Subject}, valid until {NotAfter:yyyy-MM-dd} UTC, SHA-256 {Fingerprint})")]
    public static partial void CertificateLoaded(ILogger logger, string path, string subject, DateTime notAfter, string fingerprint);

    [LoggerMessage(EventId = 5051, Level = LogLevel.Information, Message = "HTTPS certificate renewed from {Path} ({Subject}, valid until {NotAfter:yyyy-MM-dd} UTC, SHA-256 {Fingerprint}); new connections get it, viewers stay connected")]
    public static partial void CertificateReloaded(ILogger logger, string path, string subject, DateTime notAfter, string fingerprint);

    [LoggerMessage(EventId = 5052, Level = LogLevel.Warning, Message = "HTTPS certificate not renewed, the one in use stays: {Reason}")]
    public static partial void CertificateReloadFailed(ILogger logger, string reason);
}
