using Camstreamd.Publishing;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>The Matroska stream we pipe to ffmpeg, read back by ffprobe: every JPEG whole, at its capture time.</summary>
public sealed class MatroskaPipeTests : IDisposable
{
    private readonly TempDirectory _directory = new("camstreamd-matroska-");

    [Fact]
    public async Task Stream_IsReadByFfprobe_WithEachFrameAtItsCaptureTime()
    {
        long[] microseconds = [0, 40_000, 80_000, 200_000, 240_000];
        string file = _directory.File("pipe.mkv");
        await using (FileStream output = File.Create(file))
        {
            output.Write(MatroskaPipe.StreamHeader(320, 240));
            byte[] header = new byte[MatroskaPipe.FrameHeaderLength];
            for (int i = 0; i < microseconds.Length; i++)
            {
                byte[] jpeg = TestJpegs.Make(320, 240, seed: i);
                MatroskaPipe.WriteFrameHeader(header, microseconds[i], jpeg.Length);
                output.Write(header);
                output.Write(jpeg);
            }
        }

        Recording recording = await Recording.ProbeAsync(file);

        Assert.Equal(("mjpeg", 320, 240), (recording.Codec, recording.Width, recording.Height));
        Assert.Equal(microseconds.Select(us => us / 1_000_000.0), recording.PacketTimes);
        ProcessResult decoded = await ProcessRunner.RunAsync("ffmpeg", ["-v", "error", "-i", file, "-f", "null", "-"], TimeSpan.FromSeconds(30));
        Assert.True(decoded.ExitCode == 0 && decoded.Output.Length == 0, $"ffmpeg decoding the stream said: {decoded.Output}");
    }

    public void Dispose() => _directory.Dispose();
}
