using System.Runtime.InteropServices;

namespace Camstreamd.TurboJpeg.Interop;

/// <summary>Owns one tjhandle; tjDestroy runs exactly once, even when the owner forgets Dispose.</summary>
internal sealed class TurboJpegHandle : SafeHandle
{
    public TurboJpegHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == nint.Zero;

    public static TurboJpegHandle Create(Func<nint> init, string what)
    {
        TurboJpegLibrary.EnsureAvailable();
        TurboJpegHandle result = new();
        nint raw = init();
        if (raw == nint.Zero)
        {
            // With a null handle tjGetErrorStr2 reports the global (thread-local) error of the failed init.
            throw new TurboJpegException($"{what} failed: {TurboJpegException.ReadError(nint.Zero)}");
        }

        result.SetHandle(raw);
        return result;
    }

    protected override bool ReleaseHandle() => TurboJpegNative.tjDestroy(handle) == 0;
}
