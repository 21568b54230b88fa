namespace Camstreamd.V4l2;

/// <summary>One valid menu index of a menu control (VIDIOC_QUERYMENU): its name, or its value for an integer menu.</summary>
public sealed record V4l2MenuItem(int Index, string Name, long Value);
