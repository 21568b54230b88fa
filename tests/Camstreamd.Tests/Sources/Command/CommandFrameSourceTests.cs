using System.Diagnostics;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Sources;
using Camstreamd.Sources.Command;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Sources.Command;

/// <summary>The command source with real programs: ffmpeg, and sh scripts that misbehave on purpose.</summary>
public sealed class CommandFrameSourceTests : IDisposable
{
    private const string Ffmpeg = "ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc=size={width}x{height}:rate={fps} -f mjpeg -q:v 5 -";

    private readonly TempDirectory _directory = new("camstreamd-command-");
    private readonly FramePool _pool = new();

    [Fact]
    public void Ffmpeg_FramesArriveWholeWithTheSizeOfTheirHeader()
    {
        using CommandFrameSource source = Create(Ffmpeg, width: 320, height: 240, fps: 15);

        source.Open(CancellationToken.None);
        List<Frame> frames = CaptureFrames(source, 10, TimeSpan.FromSeconds(10), out List<string> dropped);

        Assert.Empty(dropped);
        Assert.Equal((320, 240), (source.Description.Width, source.Description.Height));
        Assert.Equal(("command", "ffmpeg"), (source.Description.Kind, source.Description.Location));
        Assert.All(frames, frame =>
        {
            Assert.Equal((320, 240), (frame.Width, frame.Height));
            Assert.Equal((320, 240), (TestJpegs.Decode(frame.Span).Width, TestJpegs.Decode(frame.Span).Height));
        });
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), frames.Select(f => f.Sequence));
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void GarbageTruncatedAndExifImages_WholeOnesAreSentExactly_TheTruncatedOneIsDropped()
    {
        byte[] first = TestJpegs.Make(64, 48, seed: 1);
        byte[] second = TestJpegs.Make(64, 48, seed: 2);
        byte[] exif = StreamJpegs.WithExifThumbnail(64, 48, seed: 3);
        string a = StreamJpegs.Save(_directory, "a.jpg", first);
        string b = StreamJpegs.Save(_directory, "b.jpg", second);
        string c = StreamJpegs.Save(_directory, "c.jpg", exif);
        string script = $"printf 'starting up\\n'; cat {a}; printf 'noise'; head -c {first.Length - 50} {b}; cat {b} {c}; sleep 30";
        using CommandFrameSource source = Create($"sh -c \"{script}\"");

        source.Open(CancellationToken.None);
        List<Frame> frames = CaptureFrames(source, 3, TimeSpan.FromSeconds(5), out List<string> dropped);

        Assert.Equal([first, second, exif], frames.Select(f => f.Span.ToArray()));
        Assert.Equal([MjpegStreamScanner.TruncatedReason], dropped);
        Assert.Equal(1, source.DroppedFrames);
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void ImageWithoutHuffmanTables_IsSentWithTheStandardOnes()
    {
        byte[] bare = Jpeg.JpegSegments.StripHuffmanTables(TestJpegs.Make(64, 48));
        string path = StreamJpegs.Save(_directory, "bare.jpg", bare);
        using CommandFrameSource source = Create($"sh -c 'cat {path}; sleep 30'");

        source.Open(CancellationToken.None);
        Frame frame = CaptureFrames(source, 1, TimeSpan.FromSeconds(5), out _)[0];

        Assert.Contains(Jpeg.JpegSegments.Headers(frame.Span.ToArray()), h => h.Marker == 0xC4);
        Assert.Equal(64, TestJpegs.Decode(frame.Span).Width);
        frame.Release();
    }

    [Fact]
    public void ImageLargerThanAFrameMayBe_IsDroppedWithTheReason()
    {
        byte[] large = TestJpegs.Make(320, 240, seed: 4);
        byte[] small = TestJpegs.Make(16, 16, seed: 5);
        string l = StreamJpegs.Save(_directory, "large.jpg", large);
        string s = StreamJpegs.Save(_directory, "small.jpg", small);
        using CommandFrameSource source = Create($"sh -c 'cat {s} {l} {s}; sleep 30'", maxFrameLength: 4000);

        source.Open(CancellationToken.None);
        List<Frame> frames = CaptureFrames(source, 2, TimeSpan.FromSeconds(5), out List<string> dropped);

        Assert.All(frames, f => Assert.Equal(small, f.Span.ToArray()));
        Assert.Single(dropped);
        Assert.StartsWith("larger than 4000 bytes", dropped[0], StringComparison.Ordinal);
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void CommandThatFailsAtOnce_OpenThrowsWithItsExitCodeAndLastErrorLine()
    {
        using CommandFrameSource source = Create("sh -c 'echo starting >&2; echo ERROR: no cameras available >&2; exit 3'");

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.Matches(@"^command sh \(pid \d+\) exited with code 3: ERROR: no cameras available$", error.Message);
    }

    [Fact]
    public void CommandThatEchoesAPasswordInAUrl_ErrorAndLogShowItRedacted()
    {
        RecordingLogger<CommandFrameSource> logger = new();
        using CommandFrameSource source = Create("sh -c 'echo Error opening input rtsp://admin:hunter2@10.0.0.9/h264: 401 Unauthorized >&2; exit 1'", logger: logger);

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.EndsWith("exited with code 1: Error opening input rtsp://admin:***@10.0.0.9/h264: 401 Unauthorized", error.Message, StringComparison.Ordinal);
        Assert.Contains(logger.Entries, entry => entry.Message.Contains("rtsp://admin:***@10.0.0.9/h264", StringComparison.Ordinal));
        Assert.DoesNotContain(logger.Entries, entry => entry.Message.Contains("hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public void CommandThatExitsAfterFrames_CaptureThrowsWithItsExitCodeAndLastErrorLine()
    {
        string a = StreamJpegs.Save(_directory, "a.jpg", TestJpegs.Make(64, 48));
        using CommandFrameSource source = Create($"sh -c 'cat {a} {a}; echo stream lost >&2; exit 4'");
        source.Open(CancellationToken.None);

        List<Frame> frames = CaptureFrames(source, 2, TimeSpan.FromSeconds(5), out _);
        (FrameSourceException error, _) = CaptureUntilFailure(source, TimeSpan.FromSeconds(5));

        Assert.EndsWith("exited with code 4: stream lost", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, source.ProcessId);
        frames.ForEach(f => f.Release());
    }

    [Fact]
    public void ProgramThatDoesNotExist_FailsWithCode127AndTheShellsWords()
    {
        using CommandFrameSource source = Create("/nonexistent/camera-grabber --fast");

        FrameSourceException error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.Contains("exited with code 127 (the program was not found)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/camera-grabber", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandSilentAfterItsFirstFrame_FailsWithinTheDeviceTimeout_AndNoWaitIsLong()
    {
        string a = StreamJpegs.Save(_directory, "a.jpg", TestJpegs.Make(64, 48));
        using CommandFrameSource source = Create($"sh -c 'cat {a}; echo warming up >&2; sleep 30'", deviceTimeout: TimeSpan.FromSeconds(0.5));
        source.Open(CancellationToken.None);
        CaptureFrames(source, 1, TimeSpan.FromSeconds(5), out _)[0].Release();

        Stopwatch clock = Stopwatch.StartNew();
        (FrameSourceException error, TimeSpan longest) = CaptureUntilFailure(source, TimeSpan.FromSeconds(10));

        Assert.True(longest < TimeSpan.FromMilliseconds(400), $"one Capture call waited {longest}");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.3), TimeSpan.FromSeconds(4));
        Assert.Contains("sent no JPEG image for 0.5 s (Camera:DeviceTimeout)", error.Message, StringComparison.Ordinal);
        Assert.Contains("its last error output: warming up", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandThatNeverSendsAnImage_OpenFailsAfterTheStartAllowance()
    {
        using CommandFrameSource source = Create("sh -c 'echo this is not a JPEG; sleep 30'", deviceTimeout: TimeSpan.FromSeconds(0.5), startAllowance: TimeSpan.FromSeconds(0.5));

        Stopwatch clock = Stopwatch.StartNew();
        FrameSourceException error = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Contains("sent no valid JPEG image within 1 s of starting (19 bytes received)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ObservesCancellationWhileWaitingForTheFirstImage()
    {
        using CommandFrameSource source = Create("sleep 30");
        using CancellationTokenSource cancel = new(TimeSpan.FromMilliseconds(300));

        Stopwatch clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => source.Open(cancel.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Open took {clock.Elapsed} to see the cancellation");
    }

    [Fact]
    public void Close_EndsTheCommandAndEverythingItStarted_AndReapsIt()
    {
        string a = StreamJpegs.Save(_directory, "a.jpg", TestJpegs.Make(64, 48));
        string pids = _directory.File("pids");

        // A pipeline and a background helper: the shell, sleep and cat all descend from the command.
        using CommandFrameSource source = Create($"sh -c 'sleep 300 & echo $! > {pids}; echo $$ >> {pids}; cat {a}; sleep 300 | cat'");
        source.Open(CancellationToken.None);
        int program = source.ProcessId;
        List<int> started = [.. File.ReadAllLines(pids).Select(int.Parse), program];

        // The pipeline starts after the first image; wait until the shell has started all of it.
        Stopwatch settle = Stopwatch.StartNew();
        List<int> all;
        while ((all = [.. started.Union(Descendants(program))]).Count < 4 && settle.Elapsed < TimeSpan.FromSeconds(3))
        {
            Thread.Sleep(20);
        }

        Assert.True(all.Count >= 4, $"expected the shell and three helpers, found {string.Join(", ", all)}");

        Stopwatch clock = Stopwatch.StartNew();
        source.Close();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"Close took {clock.Elapsed}");
        Assert.All(all, pid => Assert.False(IsAlive(pid), $"pid {pid} is still there after Close"));

        // The program is our child: reaped, not even a zombie. (Its helpers were reparented; their reaper is not us.)
        Assert.False(File.Exists($"/proc/{program}/stat"));
    }

    [Fact]
    public void Close_CommandThatIgnoresSigterm_IsKilledAfterTheGrace()
    {
        string a = StreamJpegs.Save(_directory, "a.jpg", TestJpegs.Make(64, 48));
        using CommandFrameSource source = Create($"sh -c 'trap \"\" TERM; cat {a}; while true; do sleep 0.1; done'");
        source.Open(CancellationToken.None);
        int program = source.ProcessId;

        Stopwatch clock = Stopwatch.StartNew();
        source.Close();

        Assert.InRange(clock.Elapsed, CommandProcess.TerminateGrace - TimeSpan.FromMilliseconds(100), CommandProcess.TerminateGrace + TimeSpan.FromSeconds(2));
        Assert.False(File.Exists($"/proc/{program}/stat"));
    }

    [Fact]
    public void SteadyCapture_AllocatesNothingPerFrame()
    {
        using CommandFrameSource source = Create(Ffmpeg, width: 160, height: 120, fps: 240);
        source.Open(CancellationToken.None);

        // Warm up: the pool, the read buffer and the JIT settle.
        CaptureFrames(source, 300, TimeSpan.FromSeconds(10), out _).ForEach(f => f.Release());
        long before = GC.GetAllocatedBytesForCurrentThread();
        int frames = 0;
        while (frames < 600)
        {
            if (source.Capture(_pool, CancellationToken.None, out Frame? frame, out _) == CaptureResult.Frame)
            {
                frame!.Release();
                frames++;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Usually 0. The runtime may allocate once on this thread (a few KB seen once, with the whole suite
        // running beside it); one small object per frame would be 600 × 24 bytes or more.
        Assert.True(allocated < 4096, $"{allocated} bytes allocated on the capture thread for {frames} frames");
    }

    public void Dispose() => _directory.Dispose();

    private static CommandFrameSource Create(string command, int width = 320, int height = 240, double fps = 15, TimeSpan? deviceTimeout = null, int maxFrameLength = CommandFrameSource.DefaultMaxFrameLength, TimeSpan? startAllowance = null, RecordingLogger<CommandFrameSource>? logger = null)
    {
        CameraOptions options = new()
        {
            Source = "command",
            Command = command,
            Width = width,
            Height = height,
            FramesPerSecond = fps,
            DeviceTimeout = deviceTimeout ?? TimeSpan.FromSeconds(2),
        };
        return new CommandFrameSource(options, TimeProvider.System, logger ?? new RecordingLogger<CommandFrameSource>(), maxFrameLength, startAllowance ?? TimeSpan.FromSeconds(5));
    }

    private List<Frame> CaptureFrames(CommandFrameSource source, int count, TimeSpan timeout, out List<string> dropped)
    {
        List<Frame> frames = new();
        dropped = [];
        Stopwatch clock = Stopwatch.StartNew();
        while (frames.Count < count)
        {
            Assert.True(clock.Elapsed < timeout, $"only {frames.Count} of {count} frames in {timeout.TotalSeconds} s");
            switch (source.Capture(_pool, CancellationToken.None, out Frame? frame, out string? reason))
            {
                case CaptureResult.Frame:
                    frames.Add(frame!);
                    break;
                case CaptureResult.Dropped:
                    dropped.Add(reason!);
                    break;
            }
        }

        return frames;
    }

    /// <summary>Captures until the source throws; also measures the longest single call (every wait must be short).</summary>
    private (FrameSourceException Error, TimeSpan LongestCall) CaptureUntilFailure(CommandFrameSource source, TimeSpan timeout)
    {
        Stopwatch clock = Stopwatch.StartNew();
        TimeSpan longest = TimeSpan.Zero;
        while (clock.Elapsed < timeout)
        {
            Stopwatch call = Stopwatch.StartNew();
            try
            {
                if (source.Capture(_pool, CancellationToken.None, out Frame? frame, out _) == CaptureResult.Frame)
                {
                    frame!.Release();
                }
            }
            catch (FrameSourceException error)
            {
                return (error, longest);
            }

            longest = call.Elapsed > longest ? call.Elapsed : longest;
        }

        throw new TimeoutException($"the source did not fail within {timeout.TotalSeconds} s");
    }

    /// <summary>A pid counts as gone when /proc no longer has it or it is a zombie someone else must reap (not ours).</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The processes below <paramref name="root"/> now; one that ends while it is read (the shell's `cat`) has none.</summary>
    private static List<int> Descendants(int root)
    {
        List<int> children = new();
        foreach (string task in TasksOf(root))
        {
            string list;
            try
            {
                list = File.ReadAllText(Path.Combine(task, "children")).Trim();
            }
            catch (IOException)
            {
                // The thread or its process ended after it was listed.
                continue;
            }

            foreach (string child in list.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int pid = int.Parse(child);
                children.Add(pid);
                children.AddRange(Descendants(pid));
            }
        }

        return children;
    }

    private static string[] TasksOf(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (DirectoryNotFoundException)
        {
            // Ended after its parent listed it (seen once in a CI run: the shell's short `cat`).
            return [];
        }
    }
}
