using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.TurboJpeg;

public sealed class TurboJpegLibraryTests
{
    [Fact]
    public void EnsureAvailable_LibraryInstalledHere_DoesNotThrow()
    {
        TurboJpegLibrary.EnsureAvailable();

        Assert.True(TurboJpegLibrary.IsAvailable);
    }

    [Fact]
    public void Probe_LibraryMissing_TellsWhichPackageToInstall()
    {
        string? message = TurboJpegLibrary.Probe("libturbojpeg-camstreamd-test-missing.so.0");

        Assert.NotNull(message);
        Assert.Contains("is not installed", message, StringComparison.Ordinal);
        Assert.Contains("libturbojpeg0", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_LibraryWithoutTheTurboJpegApi_SaysWhatIsMissing()
    {
        // The C library loads everywhere and has none of the tj* functions.
        string? message = TurboJpegLibrary.Probe("libc.so.6");

        Assert.NotNull(message);
        Assert.Contains("lacks tjCompressFromYUVPlanes", message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingMessage_NamesTheLibraryAndThePackage()
    {
        Assert.Equal(TurboJpegLibrary.Probe("libturbojpeg.so.0-x"), TurboJpegLibrary.MissingMessage.Replace("libturbojpeg.so.0", "libturbojpeg.so.0-x", StringComparison.Ordinal));
    }
}
