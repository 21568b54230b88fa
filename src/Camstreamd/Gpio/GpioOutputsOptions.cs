namespace Camstreamd.Gpio;

/// <summary><c>Gpio:Outputs</c>: each output is optional; an output without a <c>Line</c> is not driven.</summary>
public sealed class GpioOutputsOptions
{
    /// <summary>On while at least one viewer (MJPEG, GIF, TCP) is connected: the tally light.</summary>
    public GpioOutputOptions Watched { get; set; } = new();

    /// <summary>On while the source is capturing.</summary>
    public GpioOutputOptions Streaming { get; set; } = new();

    /// <summary>On while the daemon is up and its source not failing; off on stop.</summary>
    public GpioOutputOptions Ready { get; set; } = new();

    /// <summary>On while at least one publishing target is live.</summary>
    public GpioOutputOptions Publishing { get; set; } = new();

    /// <summary>The outputs that have a line, with their configuration keys.</summary>
    public IEnumerable<(string Key, GpioOutput Output, GpioOutputOptions Options)> Configured()
    {
        (string, GpioOutput, GpioOutputOptions)[] all =
        [
            ("Gpio:Outputs:Watched", GpioOutput.Watched, Watched),
            ("Gpio:Outputs:Streaming", GpioOutput.Streaming, Streaming),
            ("Gpio:Outputs:Ready", GpioOutput.Ready, Ready),
            ("Gpio:Outputs:Publishing", GpioOutput.Publishing, Publishing),
        ];
        return all.Where(output => output.Item3.Line is not null);
    }
}
