namespace Camstreamd.Gpio;

/// <summary>What an output line shows.</summary>
public enum GpioOutput
{
    Watched,
    Streaming,
    Ready,
    Publishing,
}
