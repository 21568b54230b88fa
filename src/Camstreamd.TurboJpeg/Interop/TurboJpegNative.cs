using System.Runtime.InteropServices;

namespace Camstreamd.TurboJpeg.Interop;

/// <summary>
/// The TurboJPEG 2.x C API of libjpeg-turbo as Debian 12 ships it (libturbojpeg0, 2.1.5); signatures
/// follow /usr/include/turbojpeg.h. The tj3* API of 3.x is deliberately not used: bookworm has no 3.x.
/// <c>unsigned long</c> is 64-bit on every Linux target we build for (LP64), 32-bit on 32-bit ARM, hence
/// <see cref="nuint"/> (C <c>unsigned long</c> has the pointer's width on Linux).
/// </summary>
internal static unsafe partial class TurboJpegNative
{
    public const string LibraryName = "libturbojpeg.so.0";

    /// <summary>TJFLAG_NOREALLOC: never reallocate our buffer; fail with an error when it is too small.</summary>
    public const int TJFLAG_NOREALLOC = 1024;

    /// <summary>TJXOPT_PERFECT: fail instead of silently dropping partial MCU edge blocks.</summary>
    public const int TJXOPT_PERFECT = 1;

    /// <summary>tjhandle tjInitCompress(void);</summary>
    [LibraryImport(LibraryName)]
    public static partial nint tjInitCompress();

    /// <summary>tjhandle tjInitDecompress(void);</summary>
    [LibraryImport(LibraryName)]
    public static partial nint tjInitDecompress();

    /// <summary>tjhandle tjInitTransform(void);</summary>
    [LibraryImport(LibraryName)]
    public static partial nint tjInitTransform();

    /// <summary>int tjDestroy(tjhandle handle);</summary>
    [LibraryImport(LibraryName)]
    public static partial int tjDestroy(nint handle);

    /// <summary>char *tjGetErrorStr2(tjhandle handle); the string belongs to the handle (or is static).</summary>
    [LibraryImport(LibraryName)]
    public static partial byte* tjGetErrorStr2(nint handle);

    /// <summary>unsigned long tjBufSize(int width, int height, int jpegSubsamp); (unsigned long)-1 on bad arguments.</summary>
    [LibraryImport(LibraryName)]
    public static partial nuint tjBufSize(int width, int height, int jpegSubsamp);

    /// <summary>int tjCompress2(tjhandle, const unsigned char *srcBuf, int width, int pitch, int height, int pixelFormat, unsigned char **jpegBuf, unsigned long *jpegSize, int jpegSubsamp, int jpegQual, int flags);</summary>
    [LibraryImport(LibraryName)]
    public static partial int tjCompress2(
        SafeHandle handle, byte* srcBuf, int width, int pitch, int height, int pixelFormat,
        byte** jpegBuf, nuint* jpegSize, int jpegSubsamp, int jpegQual, int flags);

    /// <summary>int tjCompressFromYUVPlanes(tjhandle, const unsigned char **srcPlanes, int width, const int *strides, int height, int subsamp, unsigned char **jpegBuf, unsigned long *jpegSize, int jpegQual, int flags);</summary>
    [LibraryImport(LibraryName)]
    public static partial int tjCompressFromYUVPlanes(
        SafeHandle handle, byte** srcPlanes, int width, int* strides, int height, int subsamp,
        byte** jpegBuf, nuint* jpegSize, int jpegQual, int flags);

    /// <summary>int tjDecompressHeader3(tjhandle, const unsigned char *jpegBuf, unsigned long jpegSize, int *width, int *height, int *jpegSubsamp, int *jpegColorspace);</summary>
    [LibraryImport(LibraryName)]
    public static partial int tjDecompressHeader3(
        SafeHandle handle, byte* jpegBuf, nuint jpegSize, int* width, int* height, int* jpegSubsamp, int* jpegColorspace);

    /// <summary>int tjDecompress2(tjhandle, const unsigned char *jpegBuf, unsigned long jpegSize, unsigned char *dstBuf, int width, int pitch, int height, int pixelFormat, int flags);</summary>
    [LibraryImport(LibraryName)]
    public static partial int tjDecompress2(
        SafeHandle handle, byte* jpegBuf, nuint jpegSize, byte* dstBuf, int width, int pitch, int height, int pixelFormat, int flags);

    /// <summary>int tjTransform(tjhandle, const unsigned char *jpegBuf, unsigned long jpegSize, int n, unsigned char **dstBufs, unsigned long *dstSizes, tjtransform *transforms, int flags);</summary>
    [LibraryImport(LibraryName)]
    public static partial int tjTransform(
        SafeHandle handle, byte* jpegBuf, nuint jpegSize, int n, byte** dstBufs, nuint* dstSizes, tjtransform* transforms, int flags);
}
