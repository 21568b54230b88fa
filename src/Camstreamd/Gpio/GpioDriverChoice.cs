using System.Runtime.InteropServices;

namespace Camstreamd.Gpio;

/// <summary>
/// Which libgpiod System.Device.Gpio talks through. Chosen here, not by the library: its own default picks the v1
/// driver whenever <c>libgpiod.so.2</c> is installed, and that fails on kernels built without the v1 character-device
/// ABI (<c>CONFIG_GPIO_CDEV_V1</c>). So: v2 when <c>libgpiod.so.3</c> loads (Debian trixie's libgpiod3, Raspberry Pi OS
/// trixie), else v1 (<c>libgpiod.so.2</c>, Raspberry Pi OS bookworm); <c>Gpio:Driver</c> overrides it.
/// </summary>
internal static class GpioDriverChoice
{
    public const string Auto = "auto";
    public const string V2 = "v2";
    public const string V1 = "v1";

    /// <summary>The libgpiod v2 library (API 2.x, soname 3).</summary>
    public const string LibgpiodV2Library = "libgpiod.so.3";

    public static readonly string[] Allowed = [Auto, V2, V1];

    /// <summary><see cref="V2"/> or <see cref="V1"/> for <paramref name="configured"/>; <paramref name="canLoad"/> tries a native library by name.</summary>
    public static string Choose(string configured, Func<string, bool> canLoad)
    {
        ArgumentNullException.ThrowIfNull(canLoad);
        return configured.ToLowerInvariant() switch
        {
            V2 => V2,
            V1 => V1,
            _ => canLoad(LibgpiodV2Library) ? V2 : V1,
        };
    }

    /// <summary>True when the native library loads in this process (it is unloaded again).</summary>
    public static bool CanLoad(string library)
    {
        if (!NativeLibrary.TryLoad(library, out IntPtr handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    }
}
