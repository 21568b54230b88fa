namespace Camstreamd.Interop;

/// <summary>The errno values our code acts on (asm-generic/errno*.h; the same on x86-64 and arm64).</summary>
internal static class Errno
{
    internal const int EPERM = 1;
    internal const int ENOENT = 2;
    internal const int EINTR = 4;
    internal const int EIO = 5;
    internal const int ENXIO = 6;
    internal const int EAGAIN = 11;
    internal const int EACCES = 13;
    internal const int ENODEV = 19;
    internal const int ENOTDIR = 20;
    internal const int EINVAL = 22;
    internal const int ENOTTY = 25;
    internal const int EPIPE = 32;
    internal const int ERANGE = 34;
    internal const int ENOLCK = 37;
    internal const int ENODATA = 61;
    internal const int ENOLINK = 67;
}
