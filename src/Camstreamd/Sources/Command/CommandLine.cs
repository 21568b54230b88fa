using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.Processes;

namespace Camstreamd.Sources.Command;

/// <summary>
/// Camera:Command as the shell will see it: the placeholders {width}, {height} and {fps} replaced by
/// Camera:Width, Camera:Height and Camera:FramesPerSecond, and the program it names (its first word),
/// which validation looks up on PATH so a typo stops the daemon at start rather than at the first viewer.
/// </summary>
internal static class CommandLine
{
    /// <summary>The command with its placeholders filled in; other braces are left for the shell.</summary>
    public static string Expand(CameraOptions camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        return camera.Command.Trim()
            .Replace("{width}", camera.Width.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{height}", camera.Height.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{fps}", camera.FramesPerSecond.ToString("0.###", CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>
    /// The program a command runs: its first word, with simple quotes removed. Enough for the commands
    /// people write (<c>rpicam-vid ...</c>, <c>'/opt/my cam/grab' ...</c>); shell syntax beyond that is the shell's.
    /// </summary>
    public static string Program(string command)
    {
        ReadOnlySpan<char> text = command.AsSpan().TrimStart();
        if (text.Length > 0 && text[0] is '\'' or '"')
        {
            int close = text[1..].IndexOf(text[0]);
            return (close < 0 ? text[1..] : text.Slice(1, close)).ToString();
        }

        int end = text.IndexOfAny(" \t\r\n;|&<>()");
        return (end < 0 ? text : text[..end]).ToString();
    }
}
