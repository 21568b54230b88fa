using System.Runtime.InteropServices;
using Camstreamd.TurboJpeg.Interop;

namespace Camstreamd.TurboJpeg;

/// <summary>
/// Answers "can we use libjpeg-turbo here?" once, before the first frame, so a missing library is a
/// startup error with the package name instead of a DllNotFoundException deep in the capture loop.
/// </summary>
public static class TurboJpegLibrary
{
    /// <summary>The message an operator sees when the library is absent.</summary>
    public const string MissingMessage =
        "libjpeg-turbo (" + TurboJpegNative.LibraryName + ") is not installed: install the Debian package libturbojpeg0 (apt-get install libturbojpeg0)";

    private static readonly Lazy<string?> LoadError = new(() => Probe(TurboJpegNative.LibraryName));

    /// <summary>True when libturbojpeg.so.0 loads and exports the 2.x functions we call.</summary>
    public static bool IsAvailable => LoadError.Value is null;

    /// <summary>Throws <see cref="TurboJpegUnavailableException"/> naming the package when the library is missing.</summary>
    public static void EnsureAvailable()
    {
        string? error = LoadError.Value;
        if (error is not null)
        {
            throw new TurboJpegUnavailableException(error);
        }
    }

    /// <summary>Null when <paramref name="libraryName"/> loads and has what we call, else the operator's message. Tests pass other names.</summary>
    internal static string? Probe(string libraryName)
    {
        if (!NativeLibrary.TryLoad(libraryName, typeof(TurboJpegLibrary).Assembly, null, out nint library))
        {
            return $"libjpeg-turbo ({libraryName}) is not installed: install the Debian package libturbojpeg0 (apt-get install libturbojpeg0)";
        }

        // A library of that name without the 2.x entry points (a very old 1.x build) would fail later
        // with EntryPointNotFoundException; say so now. The handle stays loaded: LibraryImport uses it.
        foreach (string symbol in (ReadOnlySpan<string>)["tjCompressFromYUVPlanes", "tjDecompressHeader3", "tjTransform", "tjGetErrorStr2"])
        {
            if (!NativeLibrary.TryGetExport(library, symbol, out _))
            {
                return $"{libraryName} lacks {symbol}: libjpeg-turbo 1.5 or newer is needed (Debian package libturbojpeg0)";
            }
        }

        return null;
    }
}
