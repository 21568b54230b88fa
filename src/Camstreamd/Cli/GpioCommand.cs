using Camstreamd.Gpio;
using Camstreamd.Interop.Gpio;

namespace Camstreamd.Cli;

/// <summary>
/// <c>camstreamd gpio</c>: every GPIO chip with its lines (offset, name, direction, who holds it), like
/// <c>gpioinfo</c>, so the line for <c>Gpio:Outputs</c> or <c>Gpio:Inputs:Privacy</c> can be found. Reads the
/// character devices only; needs no libgpiod.
/// </summary>
internal static class GpioCommand
{
    public const string Usage = "usage: camstreamd gpio [CHIP]   (CHIP: a name such as gpiochip0, a path or a label; all chips without it)";

    /// <summary>Runs the command; <paramref name="args"/> are the arguments after "gpio". Returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length > 1 || (args.Length == 1 && args[0].StartsWith('-')))
        {
            error.WriteLine($"camstreamd gpio: unexpected arguments '{string.Join(' ', args)}'. {Usage}");
            return 2;
        }

        List<string> problems = new();
        IReadOnlyList<GpioChipLocation> chips;
        if (args.Length == 1)
        {
            GpioChipLocation? chip = GpioChips.Find(args[0], out string? problem);
            if (chip is null)
            {
                error.WriteLine($"camstreamd gpio: chip '{args[0]}': {problem}");
                return 1;
            }

            chips = [chip];
        }
        else
        {
            chips = GpioChips.List(problems);
        }

        foreach (string problem in problems)
        {
            error.WriteLine($"camstreamd gpio: {problem}");
        }

        if (chips.Count == 0)
        {
            output.WriteLine("No GPIO chips (/dev/gpiochip*) on this machine.");
            return problems.Count == 0 ? 0 : 1;
        }

        foreach (GpioChipLocation chip in chips)
        {
            Write(chip, output, error);
        }

        return 0;
    }

    private static void Write(GpioChipLocation chip, TextWriter output, TextWriter error)
    {
        output.WriteLine($"{Path.GetFileName(chip.Path)} [{chip.Description.Label}] ({chip.Description.Lines} lines)");
        IReadOnlyList<GpioLineDescription> lines;
        try
        {
            lines = GpioChips.Lines(chip);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"camstreamd gpio: {chip.Path}: {exception.Message}");
            return;
        }

        foreach (GpioLineDescription line in lines)
        {
            string name = line.Name.Length > 0 ? $"\"{line.Name}\"" : "unnamed";
            string use = line.IsUsed ? (line.Consumer.Length > 0 ? $"used by \"{line.Consumer}\"" : "used") : "free";
            string flags = Flags(line.Flags);
            output.WriteLine($"\tline {line.Offset,3}:\t{name,-16}\t{line.Direction,-6}\t{use}{flags}");
        }
    }

    private static string Flags(GpioLineFlags flags)
    {
        List<string> names = new();
        if (flags.HasFlag(GpioLineFlags.ActiveLow))
        {
            names.Add("active-low");
        }

        if (flags.HasFlag(GpioLineFlags.BiasPullUp))
        {
            names.Add("pull-up");
        }

        if (flags.HasFlag(GpioLineFlags.BiasPullDown))
        {
            names.Add("pull-down");
        }

        if (flags.HasFlag(GpioLineFlags.BiasDisabled))
        {
            names.Add("bias-disabled");
        }

        return names.Count == 0 ? "" : $"\t[{string.Join(' ', names)}]";
    }
}
