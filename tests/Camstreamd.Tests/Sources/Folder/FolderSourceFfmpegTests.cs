using System.Diagnostics;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Jpeg;
using Camstreamd.Sources;
using Camstreamd.Sources.Folder;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Sources.Folder;

/// <summary>The "live folder" use for real: ffmpeg's image2 writer fills a folder while the source plays it.</summary>
public sealed class FolderSourceFfmpegTests
{
    [Fact]
    public void Live_WhileFfmpegWritesNumberedFrames_EveryFileIsSentOnceWholeAndInOrder()
    {
        using TempDirectory folder = new();

        // 40 frames at 20 fps in real time (-re), written in place, as a camera pipeline would.
        (List<byte[]> received, List<string> dropped) = PlayWhileFfmpegWrites(folder.Path, "frame%04d.jpg");

        string[] files = [.. Directory.GetFiles(folder.Path, "*.jpg").Order(StringComparer.Ordinal)];
        Assert.Equal(40, files.Length);
        Assert.Empty(dropped);
        Assert.True(received.Count == 40, $"received {received.Count} of 40 files");
        for (int i = 0; i < files.Length; i++)
        {
            Assert.Equal(File.ReadAllBytes(files[i]), received[i]);
        }
    }

    [Fact]
    public void Live_WhileFfmpegOverwritesOneFile_EachRewriteIsSentWholeAndNoneDropped()
    {
        using TempDirectory folder = new();

        (List<byte[]> received, List<string> dropped) = PlayWhileFfmpegWrites(folder.Path, "latest.jpg", "-update", "1");

        Assert.Empty(dropped);

        // Polling can miss a rewrite that lands between two looks, never send a broken one.
        Assert.InRange(received.Count, 20, 40);
        Assert.All(received, frame => Assert.True(JpegValidator.TryValidate(frame, out _, out string? reason), reason));
        Assert.Equal(received.Count, received.Select(Convert.ToBase64String).Distinct().Count());
    }

    private static (List<byte[]> Received, List<string> Dropped) PlayWhileFfmpegWrites(string folder, string output, params string[] outputOptions)
    {
        FramePool pool = new();
        CameraOptions options = new() { Source = "folder", Folder = folder, Loop = false, FramesPerSecond = 60 };
        using FolderSource source = new(options, TimeProvider.System, new RecordingLogger<FolderSource>());
        source.Open(CancellationToken.None);
        ProcessStartInfo start = new("ffmpeg") { RedirectStandardError = true };
        foreach (string argument in (string[])["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=20", "-frames:v", "40", "-q:v", "5", .. outputOptions, Path.Combine(folder, output)])
        {
            start.ArgumentList.Add(argument);
        }

        using Process ffmpeg = Process.Start(start)!;
        List<byte[]> received = new();
        List<string> dropped = new();
        long begin = TimeProvider.System.GetTimestamp();
        long lastFrame = begin;
        while (TimeProvider.System.GetElapsedTime(begin) < TimeSpan.FromSeconds(20))
        {
            CaptureResult result = source.Capture(pool, CancellationToken.None, out Frame? frame, out string? reason);
            if (result == CaptureResult.Frame)
            {
                received.Add(frame!.Span.ToArray());
                Assert.Equal((320, 240), (frame.Width, frame.Height));
                frame.Release();
                lastFrame = TimeProvider.System.GetTimestamp();
            }
            else if (result == CaptureResult.Dropped)
            {
                dropped.Add(reason!);
            }
            else if (ffmpeg.HasExited && TimeProvider.System.GetElapsedTime(lastFrame) > TimeSpan.FromMilliseconds(500))
            {
                // Nothing new for a while after the writer finished: the folder has been played to its end.
                break;
            }
        }

        Assert.True(ffmpeg.WaitForExit(10_000), "ffmpeg did not finish");
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.StandardError.ReadToEnd());
        Assert.Equal(0, pool.Outstanding);
        return (received, dropped);
    }
}
