using System.Runtime.InteropServices;
using Camstreamd.TurboJpeg.Interop;

namespace Camstreamd.TurboJpeg;

/// <summary>A libjpeg-turbo call failed; the message carries the library's own error string.</summary>
public class TurboJpegException : Exception
{
    public TurboJpegException(string message)
        : base(message)
    {
    }

    public TurboJpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TurboJpegException()
    {
    }

    internal static unsafe string ReadError(nint handle)
    {
        byte* text = TurboJpegNative.tjGetErrorStr2(handle);
        return text == null ? "unknown error" : Marshal.PtrToStringUTF8((nint)text) ?? "unknown error";
    }

    internal static TurboJpegException FromHandle(SafeHandle handle, string function) =>
        new($"{function} failed: {ReadError(handle)}");

    /// <summary>The error string of the handle's last failed call (tjGetErrorStr2).</summary>
    internal static string ReadError(SafeHandle handle)
    {
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return ReadError(handle.DangerousGetHandle());
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
