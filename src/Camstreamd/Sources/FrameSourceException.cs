namespace Camstreamd.Sources;

/// <summary>A source failure an operator can act on; the message names the device and the reason.</summary>
public sealed class FrameSourceException : Exception
{
    public FrameSourceException(string message)
        : base(message)
    {
    }

    public FrameSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FrameSourceException()
    {
    }
}
