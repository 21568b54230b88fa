namespace Camstreamd.TurboJpeg;

/// <summary>libturbojpeg.so.0 could not be loaded; the message tells the operator which package to install.</summary>
public sealed class TurboJpegUnavailableException : TurboJpegException
{
    public TurboJpegUnavailableException(string message)
        : base(message)
    {
    }

    public TurboJpegUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TurboJpegUnavailableException()
    {
    }
}
