using System.Runtime.InteropServices;

namespace Camstreamd.TurboJpeg.Interop;

/// <summary>
/// <c>typedef struct tjtransform { tjregion r; int op; int options; void *data; int (*customFilter)(...); }</c>
/// from turbojpeg.h. tjregion is four ints (x, y, w, h), inlined here. x86-64 and arm64: 40 bytes
/// (24 of ints, then two 8-byte pointers, already aligned); 32-bit ARM: 32 bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
#pragma warning disable IDE1006, CA1707, CS8981 // Native names stay native.
internal struct tjtransform
#pragma warning restore IDE1006, CA1707, CS8981
{
    public int r_x;
    public int r_y;
    public int r_w;
    public int r_h;
    public int op;
    public int options;
    public nint data;
    public nint customFilter;
}
