using Camstreamd.Interop;
using Camstreamd.V4l2.Interop;
using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2;

/// <summary>Controls: list (VIDIOC_QUERYCTRL + VIDIOC_QUERYMENU), read and write by id or by v4l2-ctl style name.</summary>
public sealed unsafe partial class V4l2Device
{
    private IReadOnlyList<V4l2ControlInfo>? _controls;

    /// <summary>Every control of the device except class headings and disabled ones, in driver order. Cached after the first call.</summary>
    public IReadOnlyList<V4l2ControlInfo> ListControls()
    {
        if (_controls is not null)
        {
            return _controls;
        }

        List<V4l2ControlInfo> controls = new();
        uint id = V4l2Const.V4L2_CTRL_FLAG_NEXT_CTRL;
        while (true)
        {
            v4l2_queryctrl query = new() { id = id };
            int errno = Ioctl.TryCall(Handle, Vidioc.VIDIOC_QUERYCTRL, ref query);
            if (errno is Errno.EINVAL or Errno.ENOTTY)
            {
                break;
            }

            ThrowIfFailed(errno, "VIDIOC_QUERYCTRL");
            id = query.id | V4l2Const.V4L2_CTRL_FLAG_NEXT_CTRL;
            if (query.type == V4l2Const.V4L2_CTRL_TYPE_CTRL_CLASS || (query.flags & V4l2Const.V4L2_CTRL_FLAG_DISABLED) != 0)
            {
                continue;
            }

            string name = CString(query.name, 32);
            V4l2ControlType type = (V4l2ControlType)query.type;
            IReadOnlyList<V4l2MenuItem> menu = type is V4l2ControlType.Menu or V4l2ControlType.IntegerMenu
                ? QueryMenu(query.id, query.minimum, query.maximum)
                : [];
            controls.Add(new V4l2ControlInfo(
                query.id, name, V4l2ControlName.Normalize(name), type,
                query.minimum, query.maximum, query.step, query.default_value, query.flags, menu));
        }

        _controls = controls;
        return controls;
    }

    /// <summary>Finds a control by its v4l2-ctl style name (any spelling that normalises the same), or null.</summary>
    public V4l2ControlInfo? FindControl(string name)
    {
        string key = V4l2ControlName.Normalize(name);
        return ListControls().FirstOrDefault(control => control.Key == key);
    }

    public int GetControl(uint id)
    {
        v4l2_control control = new() { id = id };
        Ioctl.Call(Handle, Path, Vidioc.VIDIOC_G_CTRL, "VIDIOC_G_CTRL", ref control);
        return control.value;
    }

    public void SetControl(uint id, int value)
    {
        v4l2_control control = new() { id = id, value = value };
        Ioctl.Call(Handle, Path, Vidioc.VIDIOC_S_CTRL, "VIDIOC_S_CTRL", ref control);
    }

    /// <summary>Reads a control by name; an unknown name is an error listing the device's controls.</summary>
    public int GetControl(string name) => GetControl(RequireControl(name, "VIDIOC_G_CTRL").Id);

    /// <summary>
    /// Validates and sets a control by name. An unknown name, a read-only control or an out-of-range value
    /// is a <see cref="V4l2Exception"/> that lists what the device offers.
    /// </summary>
    public void SetControl(string name, int value)
    {
        V4l2ControlInfo control = RequireControl(name, "VIDIOC_S_CTRL");
        if (!control.IsSimple || control.IsReadOnly)
        {
            throw new V4l2Exception(Path, "VIDIOC_S_CTRL", $"control '{control.Key}' cannot be set ({(control.IsReadOnly ? "read-only" : control.Type.ToString())})");
        }

        if (!control.Accepts(value))
        {
            throw new V4l2Exception(Path, "VIDIOC_S_CTRL", $"value {value} is not allowed for control '{control.Key}': {control.DescribeRange()}");
        }

        SetControl(control.Id, value);
    }

    /// <summary>One line per settable control, "name: range", for error messages.</summary>
    public string DescribeControls()
    {
        return string.Join("; ", ListControls().Where(c => c.IsSimple && !c.IsReadOnly).Select(c => $"{c.Key} ({c.DescribeRange()})"));
    }

    private V4l2ControlInfo RequireControl(string name, string operation)
    {
        return FindControl(name)
            ?? throw new V4l2Exception(Path, operation, $"unknown control '{name}'; '{Capabilities.Card}' offers: {DescribeControls()}");
    }

    private List<V4l2MenuItem> QueryMenu(uint id, int minimum, int maximum)
    {
        List<V4l2MenuItem> items = new();
        for (int index = Math.Max(minimum, 0); index <= maximum; index++)
        {
            v4l2_querymenu query = new() { id = id, index = (uint)index };

            // Drivers leave holes in menus (EINVAL for an index that is not offered).
            if (Ioctl.TryCall(Handle, Vidioc.VIDIOC_QUERYMENU, ref query) != 0)
            {
                continue;
            }

            items.Add(new V4l2MenuItem(index, CString(query.name, 32), query.value));
        }

        return items;
    }
}
