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
    public void Live_WhileFfmpegWritesFrames_EveryNewFileIsSentOnceWholeAndInOrder()
    {
        using var folder = new TempDirectory();
        var pool = new FramePool();
        var options = new CameraOptions { Source = "folder", Folder = folder.Path, Loop = false, FramesPerSecond = 60 };
        using var source = new FolderSource(options, TimeProvider.System, new RecordingLogger<FolderSource>());
        source.Open(CancellationToken.None);

        // 40 frames at 20 fps in real time (-re), written in place, as a camera pipeline would.
        using Process ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg")
        {
            ArgumentList =
            {
                "-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=20",
                "-frames:v", "40", "-q:v", "5", Path.Combine(folder.Path, "frame%04d.jpg"),
            },
            RedirectStandardError = true,
        })!;

        var received = new List<byte[]>();
        int dropped = 0;
        long start = TimeProvider.System.GetTimestamp();
        long lastFrame = start;
        while (TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(20))
        {
            CaptureResult result = source.Capture(pool, CancellationToken.None, out Frame? frame, out _);
            if (result == CaptureResult.Frame)
            {
                received.Add(frame!.Span.ToArray());
                lastFrame = TimeProvider.System.GetTimestamp();
                Assert.Equal((320, 240), (frame.Width, frame.Height));
                frame.Release();
            }
            else if (result == CaptureResult.Dropped)
            {
                dropped++;
            }
            else if (ffmpeg.HasExited && TimeProvider.System.GetElapsedTime(lastFrame) > TimeSpan.FromMilliseconds(500))
            {
                // Nothing new for a while after the writer finished: the folder has been played to its end.
                break;
            }
        }

        Assert.True(ffmpeg.WaitForExit(10_000), "ffmpeg did not finish");
        Assert.Equal(0, ffmpeg.ExitCode);
        string[] files = [.. Directory.GetFiles(folder.Path, "*.jpg").Order(StringComparer.Ordinal)];
        Assert.Equal(40, files.Length);
        Assert.Equal(0, dropped);

        // Every frame sent is a whole file, each file at most once, in name order.
        var fileBytes = files.Select(File.ReadAllBytes).ToList();
        int last = -1;
        foreach (byte[] frame in received)
        {
            Assert.True(JpegValidator.TryValidate(frame, out _, out string? reason), reason);
            int index = fileBytes.FindIndex(last + 1, f => f.AsSpan().SequenceEqual(frame));
            Assert.True(index > last, "a frame was sent twice, out of order, or does not match any file");
            last = index;
        }

        // Played as they appeared, none skipped.
        Assert.Equal(40, received.Count);
        Assert.Equal(0, pool.Outstanding);
    }
}
