using System.Globalization;
using Camstreamd.Interop.Gpio;
using Microsoft.Win32.SafeHandles;

namespace Camstreamd.Gpio;

/// <summary>
/// The GPIO chips of this machine (<c>/dev/gpiochipN</c>) and their lines, read through the character device's
/// own ioctls: finding <c>Gpio:Chip</c> by name, path or label, resolving a line by offset or name, and listing
/// who holds which line.
/// </summary>
internal static class GpioChips
{
    private const string DeviceDirectory = "/dev";
    private const string DevicePrefix = "gpiochip";

    /// <summary>Every chip that can be opened, by number.</summary>
    public static IReadOnlyList<GpioChipLocation> List(List<string>? problems = null)
    {
        List<GpioChipLocation> chips = new();
        if (!Directory.Exists(DeviceDirectory))
        {
            return chips;
        }

        foreach (string path in Directory.EnumerateFiles(DeviceDirectory, DevicePrefix + "*"))
        {
            if (!TryNumber(path, out int number))
            {
                continue;
            }

            if (TryDescribe(path, out GpioChipDescription? description, out string? problem))
            {
                chips.Add(new GpioChipLocation(path, number, description!));
            }
            else
            {
                problems?.Add($"{path}: {problem}");
            }
        }

        chips.Sort((a, b) => a.Number.CompareTo(b.Number));
        return chips;
    }

    /// <summary>
    /// Finds the chip <paramref name="chip"/> names: <c>gpiochip0</c>, <c>/dev/gpiochip4</c> (or a link to one), a
    /// bare number, or a label such as <c>pinctrl-rp1</c>. Null with the reason when there is none.
    /// </summary>
    public static GpioChipLocation? Find(string chip, out string? problem)
    {
        problem = null;
        string text = chip.Trim();
        string? path = null;
        if (text.StartsWith('/'))
        {
            path = text;
        }
        else if (text.StartsWith(DevicePrefix, StringComparison.Ordinal) || int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            path = Path.Combine(DeviceDirectory, text.StartsWith(DevicePrefix, StringComparison.Ordinal) ? text : DevicePrefix + text);
        }

        if (path is not null)
        {
            if (!File.Exists(path))
            {
                problem = "no such device";
                return null;
            }

            // A udev link such as /dev/gpiochip-main: the number is the target's.
            string real = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
            if (!TryNumber(real, out int number))
            {
                problem = $"{real} is not a GPIO chip device (/dev/gpiochipN)";
                return null;
            }

            return TryDescribe(real, out GpioChipDescription? description, out problem) ? new GpioChipLocation(real, number, description!) : null;
        }

        GpioChipLocation? labelled = List().FirstOrDefault(c => string.Equals(c.Description.Label, text, StringComparison.Ordinal));
        if (labelled is null)
        {
            problem = "no chip has that name or label";
        }

        return labelled;
    }

    /// <summary>Every line of <paramref name="chip"/>, in offset order.</summary>
    public static IReadOnlyList<GpioLineDescription> Lines(GpioChipLocation chip)
    {
        using SafeFileHandle handle = File.OpenHandle(chip.Path, FileMode.Open, FileAccess.Read);
        GpioLineDescription[] lines = new GpioLineDescription[chip.Description.Lines];
        for (int offset = 0; offset < lines.Length; offset++)
        {
            lines[offset] = GpioCdev.GetLineInfo(handle, offset);
        }

        return lines;
    }

    /// <summary>
    /// The offset <paramref name="line"/> means: a whole number is an offset, anything else a line name. Null with
    /// what is allowed when the chip has no such line.
    /// </summary>
    public static int? Resolve(string line, GpioChipLocation chip, IReadOnlyList<GpioLineDescription> lines, out string? allowed)
    {
        allowed = null;
        string text = line.Trim();
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int offset))
        {
            if (offset >= 0 && offset < chip.Description.Lines)
            {
                return offset;
            }

            allowed = $"an offset from 0 to {chip.Description.Lines - 1} on {chip}, or a line name";
            return null;
        }

        GpioLineDescription? named = lines.FirstOrDefault(l => string.Equals(l.Name, text, StringComparison.Ordinal));
        if (named is not null)
        {
            return named.Offset;
        }

        string[] names = [.. lines.Where(l => l.Name.Length > 0).Select(l => l.Name)];
        string known = names.Length == 0 ? "its lines have no names" : "names: " + string.Join(", ", names.Take(16)) + (names.Length > 16 ? ", ..." : "");
        allowed = $"an offset from 0 to {chip.Description.Lines - 1} or a line name of {chip} ({known}; `camstreamd gpio` lists them)";
        return null;
    }

    private static bool TryNumber(string path, out int number)
    {
        string name = Path.GetFileName(path);
        number = 0;
        return name.StartsWith(DevicePrefix, StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(DevicePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static bool TryDescribe(string path, out GpioChipDescription? description, out string? problem)
    {
        description = null;
        problem = null;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            description = GpioCdev.GetChipInfo(handle);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problem = exception is UnauthorizedAccessException ? $"permission denied (the gpio group, or DeviceAllow=char-gpiochip under systemd): {exception.Message}" : exception.Message;
            return false;
        }
    }
}
