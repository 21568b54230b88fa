using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Camstreamd.Interop.Gpio;

/// <summary>
/// The two read-only ioctls of the GPIO character device that <c>camstreamd gpio</c> and the start-up checks
/// need (a chip's name, label and line count; a line's name, consumer and flags), from
/// <c>include/uapi/linux/gpio.h</c>. System.Device.Gpio keeps its line information internal, and these need no
/// libgpiod at all, so the listing works whichever libgpiod a system has. The v2 line-info ioctl is Linux 5.10+.
/// </summary>
internal static unsafe class GpioCdev
{
    // _IOR(0xB4, 0x01, struct gpiochip_info): 68 bytes.
    private const nuint GPIO_GET_CHIPINFO_IOCTL = 0x8044B401;

    // _IOWR(0xB4, 0x05, struct gpio_v2_line_info): 256 bytes.
    private const nuint GPIO_V2_GET_LINEINFO_IOCTL = 0xC100B405;

    /// <summary>Reads a chip's information. Throws <see cref="IOException"/> with errno when the ioctl fails.</summary>
    public static GpioChipDescription GetChipInfo(SafeFileHandle chip)
    {
        gpiochip_info info = default;
        if (Libc.ioctl(chip, GPIO_GET_CHIPINFO_IOCTL, &info) < 0)
        {
            throw Failure("GPIO_GET_CHIPINFO_IOCTL");
        }

        return new GpioChipDescription(Text(info.name, 32), Text(info.label, 32), (int)info.lines);
    }

    /// <summary>Reads one line's information. Throws <see cref="IOException"/> with errno when the ioctl fails.</summary>
    public static GpioLineDescription GetLineInfo(SafeFileHandle chip, int offset)
    {
        // The kernel requires every field but the offset (the padding included) to be zero.
        gpio_v2_line_info info = default;
        info.offset = (uint)offset;
        if (Libc.ioctl(chip, GPIO_V2_GET_LINEINFO_IOCTL, &info) < 0)
        {
            throw Failure("GPIO_V2_GET_LINEINFO_IOCTL");
        }

        return new GpioLineDescription(offset, Text(info.name, 32), Text(info.consumer, 32), (GpioLineFlags)info.flags);
    }

    private static string Text(byte* bytes, int capacity)
    {
        ReadOnlySpan<byte> span = new(bytes, capacity);
        int end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }

    private static IOException Failure(string ioctl)
    {
        int errno = Marshal.GetLastPInvokeError();
        return new IOException($"{ioctl} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    // struct gpiochip_info { char name[32]; char label[32]; __u32 lines; };
    [StructLayout(LayoutKind.Sequential)]
    private struct gpiochip_info
    {
        public fixed byte name[32];
        public fixed byte label[32];
        public uint lines;
    }

    // struct gpio_v2_line_info { char name[32]; char consumer[32]; __u32 offset; __u32 num_attrs; __aligned_u64 flags;
    //     struct gpio_v2_line_attribute attrs[10] (16 bytes each); __u32 padding[4]; };
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct gpio_v2_line_info
    {
        public fixed byte name[32];
        public fixed byte consumer[32];
        public uint offset;
        public uint num_attrs;
        public ulong flags;
        public fixed byte attrs[160];
        public fixed uint padding[4];
    }
}
