using System.Globalization;
using Camstreamd.Interop.Gpio;

namespace Camstreamd.Gpio;

/// <summary>
/// The <c>Gpio</c> rules: the values first, then, when any line is configured, the hardware: the chip exists, each
/// line exists, no line is configured twice, and no other program holds one (naming who does).
/// </summary>
internal static class GpioOptionsValidator
{
    /// <summary>The longest debounce: a switch held longer than this is a real change.</summary>
    public static readonly TimeSpan MaxDebounce = TimeSpan.FromSeconds(1);

    private static readonly string[] Biases = [GpioInputOptions.BiasPullUp, GpioInputOptions.BiasPullDown, GpioInputOptions.BiasDisabled];
    private static readonly string[] Modes = [GpioInputOptions.ModeSwitch, GpioInputOptions.ModeButton];

    public static void Validate(GpioOptions gpio, List<string> errors)
    {
        int before = errors.Count;
        ValidateValues(gpio, errors);
        if (errors.Count == before && gpio.IsEnabled)
        {
            ValidateHardware(gpio, errors);
        }
    }

    /// <summary>The rules that need no hardware (unit-tested on any machine).</summary>
    public static void ValidateValues(GpioOptions gpio, List<string> errors)
    {
        if (!GpioDriverChoice.Allowed.Contains(gpio.Driver, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Gpio:Driver is '{gpio.Driver}'; allowed: auto (libgpiod v2 when {GpioDriverChoice.LibgpiodV2Library} loads, else v1), v2 or v1.");
        }

        if (string.IsNullOrWhiteSpace(gpio.Chip))
        {
            errors.Add("Gpio:Chip is empty; allowed: a chip name such as gpiochip0, a path such as /dev/gpiochip4, or a chip label such as pinctrl-rp1.");
        }

        foreach ((string key, _, GpioOutputOptions output) in gpio.Outputs.Configured())
        {
            ValidateLineText($"{key}:Line", output.Line!, errors);
        }

        GpioInputOptions privacy = gpio.Inputs.Privacy;
        if (privacy.Line is null)
        {
            return;
        }

        ValidateLineText("Gpio:Inputs:Privacy:Line", privacy.Line, errors);
        if (!Biases.Contains(privacy.Bias, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Gpio:Inputs:Privacy:Bias is '{privacy.Bias}'; allowed: pull-up, pull-down or disabled (an external resistor).");
        }
        else if (string.Equals(privacy.Bias, GpioInputOptions.BiasPullUp, StringComparison.OrdinalIgnoreCase) && !privacy.ActiveLow)
        {
            errors.Add("Gpio:Inputs:Privacy:Bias is 'pull-up' with ActiveLow false; allowed: pull-up with ActiveLow true (a pull-up holds the line high, so the switch or button pulls it low), pull-down with ActiveLow false, or disabled with either.");
        }
        else if (string.Equals(privacy.Bias, GpioInputOptions.BiasPullDown, StringComparison.OrdinalIgnoreCase) && privacy.ActiveLow)
        {
            errors.Add("Gpio:Inputs:Privacy:Bias is 'pull-down' with ActiveLow true; allowed: pull-down with ActiveLow false (a pull-down holds the line low, so the switch or button pulls it high), pull-up with ActiveLow true, or disabled with either.");
        }

        if (!Modes.Contains(privacy.Mode, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add($"Gpio:Inputs:Privacy:Mode is '{privacy.Mode}'; allowed: switch (privacy while the line is active) or button (each press toggles privacy).");
        }

        if (privacy.Debounce < TimeSpan.Zero || privacy.Debounce > MaxDebounce)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Gpio:Inputs:Privacy:Debounce is {privacy.Debounce.TotalSeconds} s; allowed: 0 to {MaxDebounce.TotalSeconds} s."));
        }
    }

    private static void ValidateLineText(string key, string line, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            errors.Add($"{key} is empty; allowed: a line offset such as 17 or a line name such as GPIO17.");
        }
        else if (int.TryParse(line, NumberStyles.Integer, CultureInfo.InvariantCulture, out int offset) && offset < 0)
        {
            errors.Add($"{key} is {offset}; allowed: a line offset of 0 or more, or a line name such as GPIO17.");
        }
    }

    private static void ValidateHardware(GpioOptions gpio, List<string> errors)
    {
        GpioChipLocation? chip = GpioChips.Find(gpio.Chip, out string? problem);
        if (chip is null)
        {
            IReadOnlyList<GpioChipLocation> chips = GpioChips.List();
            string present = chips.Count == 0 ? "this machine has no GPIO chip device (/dev/gpiochip*)" : "chips here: " + string.Join(", ", chips.Select(c => $"{Path.GetFileName(c.Path)} ({c.Description.Label})"));
            errors.Add($"Gpio:Chip is '{gpio.Chip}' ({problem}); allowed: a chip name, path or label that exists; {present}.");
            return;
        }

        IReadOnlyList<GpioLineDescription> lines;
        try
        {
            lines = GpioChips.Lines(chip);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            errors.Add($"Gpio:Chip is '{gpio.Chip}'; its lines cannot be read ({exception.Message}); allowed: a chip this user may open.");
            return;
        }

        Dictionary<int, string> claimed = new();
        foreach ((string key, string line) in ConfiguredLines(gpio))
        {
            int? offset = GpioChips.Resolve(line, chip, lines, out string? allowed);
            if (offset is not int found)
            {
                errors.Add($"{key} is '{line}'; allowed: {allowed}.");
                continue;
            }

            if (claimed.TryGetValue(found, out string? other))
            {
                errors.Add($"{key} is '{line}', line {found} of {chip.Path}, which {other} already uses; allowed: a line configured once.");
                continue;
            }

            claimed[found] = key;
            GpioLineDescription description = lines[found];
            if (description.IsUsed && !GpioLinesHeld.Contains(chip.Path, found))
            {
                string holder = description.Consumer.Length > 0 ? $"'{description.Consumer}'" : "the kernel or another program (it gave no name)";
                errors.Add($"{key} is '{line}', line {found}{NameOf(description)} of {chip.Path}, which is in use by {holder}; allowed: a free line (`camstreamd gpio` shows who holds which).");
            }
        }
    }

    /// <summary>Every configured line with its key, outputs first.</summary>
    public static IEnumerable<(string Key, string Line)> ConfiguredLines(GpioOptions gpio)
    {
        foreach ((string key, _, GpioOutputOptions output) in gpio.Outputs.Configured())
        {
            yield return ($"{key}:Line", output.Line!);
        }

        if (gpio.Inputs.Privacy.Line is string privacy)
        {
            yield return ("Gpio:Inputs:Privacy:Line", privacy);
        }
    }

    private static string NameOf(GpioLineDescription line) => line.Name.Length > 0 ? $" ({line.Name})" : "";
}
