using System.Runtime.InteropServices;

namespace Camstreamd.Interop;

/// <summary>struct timespec on LP64 Linux: seconds and nanoseconds, both 64-bit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;

    public static Timespec FromTicks(long ticks) => new()
    {
        Seconds = ticks / TimeSpan.TicksPerSecond,
        Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100,
    };
}
