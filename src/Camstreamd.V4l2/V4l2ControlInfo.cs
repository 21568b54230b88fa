namespace Camstreamd.V4l2;

/// <summary>A control as VIDIOC_QUERYCTRL and VIDIOC_QUERYMENU describe it.</summary>
/// <param name="Name">The driver's name, e.g. "Power Line Frequency".</param>
/// <param name="Key">The name as v4l2-ctl and our configuration spell it, e.g. "power_line_frequency".</param>
public sealed record V4l2ControlInfo(
    uint Id,
    string Name,
    string Key,
    V4l2ControlType Type,
    int Minimum,
    int Maximum,
    int Step,
    int DefaultValue,
    uint Flags,
    IReadOnlyList<V4l2MenuItem> Menu)
{
    public bool IsReadOnly => (Flags & 0x0004) != 0;

    public bool IsInactive => (Flags & 0x0010) != 0;

    public bool IsWriteOnly => (Flags & 0x0040) != 0;

    /// <summary>True for a value G_CTRL/S_CTRL can carry: integer, boolean, menu, button, bitmask.</summary>
    public bool IsSimple => Type is V4l2ControlType.Integer or V4l2ControlType.Boolean or V4l2ControlType.Menu
        or V4l2ControlType.IntegerMenu or V4l2ControlType.Button or V4l2ControlType.Bitmask;

    /// <summary>Whether <paramref name="value"/> is allowed: in range, on a step, and a listed index for menus.</summary>
    public bool Accepts(int value)
    {
        if (Type == V4l2ControlType.Button)
        {
            // Writing any value presses a button.
            return true;
        }

        if (Type == V4l2ControlType.Bitmask)
        {
            return ((uint)value & ~(uint)Maximum) == 0;
        }

        if (value < Minimum || value > Maximum)
        {
            return false;
        }

        if (Type is V4l2ControlType.Menu or V4l2ControlType.IntegerMenu)
        {
            return Menu.Any(item => item.Index == value);
        }

        return Step <= 1 || ((long)value - Minimum) % Step == 0;
    }

    /// <summary>What the control allows, for error messages and listings, e.g. "int 0..255 step 1 default 128".</summary>
    public string DescribeRange()
    {
        return Type switch
        {
            V4l2ControlType.Boolean => $"bool 0/1 default {DefaultValue}",
            V4l2ControlType.Button => "button (write 1)",
            V4l2ControlType.Bitmask => $"bitmask 0x{Maximum:X8} default 0x{DefaultValue:X8}",
            V4l2ControlType.Menu => $"menu {string.Join(", ", Menu.Select(m => $"{m.Index}={m.Name}"))} default {DefaultValue}",
            V4l2ControlType.IntegerMenu => $"intmenu {string.Join(", ", Menu.Select(m => $"{m.Index}={m.Value}"))} default {DefaultValue}",
            V4l2ControlType.Integer => $"int {Minimum}..{Maximum} step {Step} default {DefaultValue}",
            _ => $"{Type} (not settable here)",
        };
    }
}
