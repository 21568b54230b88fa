using System.Device.Gpio;

namespace Camstreamd.Gpio;

/// <summary>One open output line: remembers what it shows so a line is written only when that changes, and logs a failure once.</summary>
internal sealed class GpioOutputLine
{
    public GpioOutputLine(GpioOutput output, int offset, bool activeLow)
    {
        Output = output;
        Offset = offset;
        ActiveLow = activeLow;
    }

    public GpioOutput Output { get; }

    public int Offset { get; }

    public bool ActiveLow { get; }

    /// <summary>What the line shows now (true: active), as last written successfully.</summary>
    public bool IsOn { get; private set; }

    /// <summary>True while the last write failed.</summary>
    public bool IsFailing { get; private set; }

    /// <summary>Writes failed so far.</summary>
    public long Failures { get; private set; }

    public string Name => Output.ToString().ToLowerInvariant();

    /// <summary>The level for <paramref name="on"/> after <see cref="ActiveLow"/>.</summary>
    public PinValue Level(bool on) => on != ActiveLow ? PinValue.High : PinValue.Low;

    /// <summary>Shows <paramref name="on"/>; null on success, else the reason (for the caller to log once).</summary>
    public string? Write(GpioController controller, bool on, bool force = false)
    {
        if (on == IsOn && !IsFailing && !force)
        {
            return null;
        }

        try
        {
            controller.Write(Offset, Level(on));
            IsOn = on;
            IsFailing = false;
            return null;
        }
        catch (Exception exception) when (exception is IOException or InvalidOperationException or ArgumentException or System.ComponentModel.Win32Exception)
        {
            Failures++;
            IsFailing = true;
            return exception.Message;
        }
    }

    /// <summary>Marks the line written at start (opened with its inactive level).</summary>
    public void OpenedInactive() => IsOn = false;
}
