using System.Runtime.InteropServices;

namespace Camstreamd.V4l2.Native;

/// <summary>
/// struct timeval (named Timeval: all-lower-case type names are reserved in C#) as the kernel's v4l2_buffer carries it: two longs, 16 bytes on LP64. On 32-bit arm it is
/// 8 bytes with a 32-bit time_t (or 16 with _TIME_BITS=64), which shifts every later v4l2_buffer field.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timeval
{
    public long tv_sec;
    public long tv_usec;
}
