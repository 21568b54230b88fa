namespace Camstreamd.V4l2;

/// <summary>enum v4l2_ctrl_type (the simple types; compound types keep their numeric value).</summary>
public enum V4l2ControlType
{
    Integer = 1,
    Boolean = 2,
    Menu = 3,
    Button = 4,
    Integer64 = 5,
    ControlClass = 6,
    String = 7,
    Bitmask = 8,
    IntegerMenu = 9,
}
