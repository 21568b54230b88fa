using System.Runtime.InteropServices;

namespace Camstreamd.Interop;

/// <summary>
/// struct statx (linux/stat.h), the fields we read: one layout on every architecture, unlike struct stat. Offsets and
/// size as gcc lays out the kernel header.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal struct Statx
{
    [FieldOffset(0)]
    public uint Mask;

    [FieldOffset(28)]
    public ushort Mode;

    [FieldOffset(32)]
    public ulong Inode;

    [FieldOffset(40)]
    public ulong Size;

    [FieldOffset(112)]
    public long ModifiedSeconds;

    [FieldOffset(120)]
    public uint ModifiedNanoseconds;

    [FieldOffset(136)]
    public uint DeviceMajor;

    [FieldOffset(140)]
    public uint DeviceMinor;

    /// <summary>The modification time (stx_mtime) to the 100 ns a <see cref="DateTime"/> holds.</summary>
    public readonly DateTime ModifiedUtc => DateTime.UnixEpoch.AddTicks((ModifiedSeconds * TimeSpan.TicksPerSecond) + (ModifiedNanoseconds / 100));
}
