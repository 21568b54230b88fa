namespace Camstreamd.Gpio;

/// <summary>
/// The lines this process holds right now. A reload validates its new configuration while the old one still holds
/// its lines, and the kernel reports those as in use: they are ours to hand over, not a conflict. Another process's
/// lines (or a second camstreamd's) are not in here.
/// </summary>
internal static class GpioLinesHeld
{
    private static readonly Lock Gate = new();
    private static HashSet<(string Chip, int Offset)> s_held = [];

    public static bool Contains(string chipPath, int offset)
    {
        lock (Gate)
        {
            return s_held.Contains((chipPath, offset));
        }
    }

    public static void Set(string chipPath, IEnumerable<int> offsets)
    {
        lock (Gate)
        {
            s_held = [.. offsets.Select(offset => (chipPath, offset))];
        }
    }

    public static void Clear()
    {
        lock (Gate)
        {
            s_held = [];
        }
    }
}
