namespace Camstreamd.Cli.Receive;

/// <summary><c>camstreamd receive</c>'s exit codes, from sysexits.h so scripts can tell the causes apart.</summary>
internal static class ReceiveExitCode
{
    public const int Success = 0;

    /// <summary>EX_USAGE: a bad argument or URL.</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the sender sent something that is not a stream of JPEGs (a huge length, not a JPEG, not MJPEG).</summary>
    public const int DataError = 65;

    /// <summary>EX_UNAVAILABLE: no connection, or no frame, within <c>--timeout</c>; or the server refused the request.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_CANTCREAT: a frame could not be written to the output directory.</summary>
    public const int CannotCreate = 73;

    /// <summary>Interrupted (Ctrl-C, SIGTERM): 128 + SIGINT, as a shell reports it.</summary>
    public const int Interrupted = 130;
}
