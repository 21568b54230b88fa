using System.Runtime.Versioning;
using Camstreamd.Publishing;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

[SupportedOSPlatform("linux")]
public sealed class FfmpegCapabilitiesTests : IDisposable
{
    // The real ffmpeg on a machine whose h264_v4l2m2m encodes (a Raspberry Pi): here libx264 does the work
    // under that name, so the probe really encodes three frames and succeeds.
    private const string WorkingHardwareEncoder = """
        #!/bin/sh
        for argument do
          shift
          [ "$argument" = h264_v4l2m2m ] && argument=libx264
          set -- "$@" "$argument"
        done
        exec ffmpeg "$@"
        """;

    private readonly TempDirectory _directory = new("camstreamd-ffmpeg-capabilities-");

    [Fact]
    public void ResolveAuto_FfmpegThatCouldNotRun_IsAskedAgain_AndADefiniteAnswerIsRemembered()
    {
        string ffmpeg = _directory.File("ffmpeg");

        // Not there (yet): no answer, so none is remembered.
        Assert.Equal(FfmpegCapabilities.SoftwareH264, FfmpegCapabilities.ResolveAuto(ffmpeg));

        File.WriteAllText(ffmpeg, WorkingHardwareEncoder.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(ffmpeg, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(FfmpegCapabilities.HardwareH264, FfmpegCapabilities.ResolveAuto(ffmpeg));

        // The probe ran to its end: that answer holds for this ffmpeg from now on.
        File.Delete(ffmpeg);
        Assert.Equal(FfmpegCapabilities.HardwareH264, FfmpegCapabilities.ResolveAuto(ffmpeg));
    }

    [Fact]
    public void ResolveAuto_RealFfmpegWithoutTheDevice_IsSoftware()
    {
        // Debian's ffmpeg lists h264_v4l2m2m; without /dev/video11 the probe fails: libx264.
        Assert.Equal(FfmpegCapabilities.SoftwareH264, FfmpegCapabilities.ResolveAuto("/usr/bin/ffmpeg"));
    }

    public void Dispose() => _directory.Dispose();
}
