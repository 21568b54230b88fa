using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using Camstreamd.Interop.Gpio;
using Iot.Device.Button;

namespace Camstreamd.Gpio;

/// <summary>
/// The lines of one <c>Gpio</c> configuration, open on one chip: the outputs (opened at their inactive level) and
/// the privacy input, through Iot.Device.Bindings' <see cref="GpioButton"/>, which debounces and reports presses.
/// </summary>
internal sealed class GpioLineSet : IDisposable
{
    private readonly GpioController _controller;
    private readonly GpioButton? _button;

    private GpioLineSet(GpioChipLocation chip, string driver, GpioController controller, IReadOnlyList<GpioOutputLine> outputs, GpioButton? button, int? privacyLine)
    {
        Chip = chip;
        Driver = driver;
        _controller = controller;
        Outputs = outputs;
        _button = button;
        PrivacyLine = privacyLine;
    }

    public GpioChipLocation Chip { get; }

    /// <summary><c>v2</c> or <c>v1</c>: the libgpiod in use.</summary>
    public string Driver { get; }

    public IReadOnlyList<GpioOutputLine> Outputs { get; }

    public int? PrivacyLine { get; }

    public GpioController Controller => _controller;

    /// <summary>
    /// Opens every configured line. <paramref name="onPrivacy"/> receives the input's wish: true/false from a switch
    /// (at once with its present level, then on each change), null for a button press (toggle). Throws with the reason.
    /// </summary>
    public static GpioLineSet Open(GpioOptions options, Action<bool?> onPrivacy)
    {
        GpioChipLocation chip = GpioChips.Find(options.Chip, out string? problem)
            ?? throw new IOException($"Gpio:Chip '{options.Chip}': {problem}");
        IReadOnlyList<GpioLineDescription> lines = GpioChips.Lines(chip);
        string driverKind = GpioDriverChoice.Choose(options.Driver, GpioDriverChoice.CanLoad);
        GpioDriver driver = driverKind == GpioDriverChoice.V2 ? new LibGpiodV2Driver(chip.Number) : new LibGpiodDriver(chip.Number);
        GpioController controller = new(driver);
        List<GpioOutputLine> outputs = new();
        GpioButton? button = null;
        try
        {
            foreach ((string key, GpioOutput output, GpioOutputOptions outputOptions) in options.Outputs.Configured())
            {
                int offset = GpioChips.Resolve(outputOptions.Line!, chip, lines, out string? allowed) ?? throw new IOException($"{key}:Line '{outputOptions.Line}': allowed: {allowed}");
                GpioOutputLine line = new(output, offset, outputOptions.ActiveLow);
                controller.OpenPin(offset, PinMode.Output, line.Level(false));
                line.OpenedInactive();
                outputs.Add(line);
            }

            int? privacyLine = null;
            GpioInputOptions privacy = options.Inputs.Privacy;
            if (privacy.Line is not null)
            {
                privacyLine = GpioChips.Resolve(privacy.Line, chip, lines, out string? allowed) ?? throw new IOException($"Gpio:Inputs:Privacy:Line '{privacy.Line}': allowed: {allowed}");
                button = OpenButton(controller, privacyLine.Value, privacy, onPrivacy);
            }

            return new GpioLineSet(chip, driverKind, controller, outputs, button, privacyLine);
        }
        catch
        {
            button?.Dispose();
            controller.Dispose();
            throw;
        }
    }

    /// <summary>Sets every output inactive and releases all lines; the reasons of what failed, if anything did.</summary>
    public List<string> Release()
    {
        List<string> problems = new();
        foreach (GpioOutputLine output in Outputs)
        {
            if (output.Write(_controller, on: false, force: true) is string reason)
            {
                problems.Add($"{output.Name} line {output.Offset}: {reason}");
            }
        }

        Dispose();
        return problems;
    }

    public void Dispose()
    {
        _button?.Dispose();
        _controller.Dispose();
    }

    private static GpioButton OpenButton(GpioController controller, int offset, GpioInputOptions privacy, Action<bool?> onPrivacy)
    {
        // isPullUp: pressed means low. The validator allows pull-up only with ActiveLow and pull-down only without,
        // which is exactly GpioButton's model; "disabled" is its external resistor (PinMode.Input).
        GpioButton button = new(
            offset,
            isPullUp: privacy.ActiveLow,
            hasExternalResistor: string.Equals(privacy.Bias, GpioInputOptions.BiasDisabled, StringComparison.OrdinalIgnoreCase),
            gpio: controller,
            shouldDispose: false,
            debounceTime: privacy.Debounce);
        if (string.Equals(privacy.Mode, GpioInputOptions.ModeButton, StringComparison.OrdinalIgnoreCase))
        {
            button.Press += (_, _) => onPrivacy(null);
        }
        else
        {
            button.ButtonDown += (_, _) => onPrivacy(true);
            button.ButtonUp += (_, _) => onPrivacy(false);
            // The switch's position now: a daemon started with the switch on starts in privacy.
            PinValue level = controller.Read(offset);
            onPrivacy(level == (privacy.ActiveLow ? PinValue.Low : PinValue.High));
        }

        return button;
    }
}
