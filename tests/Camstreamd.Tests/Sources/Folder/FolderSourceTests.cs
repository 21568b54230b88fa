using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Sources;
using Camstreamd.Sources.Folder;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Sources.Folder;

public sealed class FolderSourceTests : IDisposable
{
    private const int InvalidFileEventId = 3201;

    private readonly TempDirectory _folder = new();
    private readonly FramePool _pool = new(4096);
    private readonly RecordingLogger<FolderSource> _log = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_MissingFolder_ThrowsNamingTheFolder()
    {
        string missing = _folder.File("does-not-exist");
        using FolderSource source = new(Options(missing, loop: true), TimeProvider.System, _log);

        FrameSourceException ex = Assert.Throws<FrameSourceException>(() => source.Open(CancellationToken.None));

        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        Assert.Contains("Camera:Folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Loop_CyclesInNameOrder_SkippingAnInvalidFileThatIsDroppedAndLoggedOnce()
    {
        byte[] first = TestJpegs.Make(64, 48, seed: 1), third = TestJpegs.Make(80, 60, seed: 3), fourth = TestJpegs.Make(96, 64, seed: 4);
        File.WriteAllBytes(_folder.File("03.jpeg"), third);
        File.WriteAllBytes(_folder.File("01.jpg"), first);
        File.WriteAllText(_folder.File("02.jpg"), "this is not a JPEG, although its name says so; long enough to pass the minimum size check....");
        File.WriteAllBytes(_folder.File("04.JPG"), fourth);
        File.WriteAllText(_folder.File("readme.txt"), "ignored");
        using FolderSource source = new(Options(_folder.Path, loop: true), TimeProvider.System, _log);
        source.Open(CancellationToken.None);

        List<string> seen = new();
        for (int i = 0; i < 7; i++)
        {
            (CaptureResult result, Frame? frame, string? reason) = Next(source);
            if (result == CaptureResult.Dropped)
            {
                Assert.StartsWith("02.jpg", reason, StringComparison.Ordinal);
                seen.Add("dropped");
                continue;
            }

            Assert.Equal(CaptureResult.Frame, result);
            byte[] expected = frame!.Width switch { 64 => first, 80 => third, _ => fourth };
            Assert.Equal(expected, frame.Span.ToArray());
            seen.Add($"{frame.Width}x{frame.Height}");
            frame.Release();
        }

        Assert.Equal(["64x48", "dropped", "80x60", "96x64", "64x48", "80x60", "96x64"], seen);
        Assert.Equal(1, source.DroppedFiles);
        RecordedLogEntry warning = Assert.Single(_log.Entries, e => e.EventId.Id == InvalidFileEventId);
        Assert.Contains("02.jpg", warning.Message, StringComparison.Ordinal);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Loop_RescansOncePerCycle_NoticingAddedAndRemovedFiles()
    {
        File.WriteAllBytes(_folder.File("01.jpg"), TestJpegs.Make(64, 48));
        File.WriteAllBytes(_folder.File("02.jpg"), TestJpegs.Make(80, 48));
        using FolderSource source = new(Options(_folder.Path, loop: true), TimeProvider.System, _log);
        source.Open(CancellationToken.None);

        List<int> widths = new() { TakeWidth(source) };
        File.Delete(_folder.File("01.jpg"));
        File.WriteAllBytes(_folder.File("03.jpg"), TestJpegs.Make(96, 48));
        widths.Add(TakeWidth(source));
        widths.Add(TakeWidth(source));
        widths.Add(TakeWidth(source));

        Assert.Equal([64, 80, 80, 96], widths);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Loop_FolderWhoseEntriesDidNotChange_IsNotListedAgain_UntilTheyDo()
    {
        File.WriteAllBytes(_folder.File("01.jpg"), TestJpegs.Make(64, 48));
        File.WriteAllBytes(_folder.File("02.jpg"), TestJpegs.Make(80, 48));
        DateTime listed = SetFolderTimeInThePast(_folder.Path);
        using FolderSource source = new(Options(_folder.Path, loop: true), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        Assert.Equal([64, 80], [TakeWidth(source), TakeWidth(source)]);

        // A file added, and the folder's time put back as it was: to the gallery, nothing was added.
        File.WriteAllBytes(_folder.File("03.jpg"), TestJpegs.Make(96, 48));
        Directory.SetLastWriteTimeUtc(_folder.Path, listed);
        Assert.Equal([64, 80], [TakeWidth(source), TakeWidth(source)]);

        // Any change of the folder's time: listed again at the cycle's end.
        Directory.SetLastWriteTimeUtc(_folder.Path, listed.AddSeconds(1));
        Assert.Equal([64, 80, 96, 64], [TakeWidth(source), TakeWidth(source), TakeWidth(source), TakeWidth(source)]);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Loop_InvalidFileRewrittenWhole_WhileTheFolderIsUnchanged_PlaysFromTheNextCycle()
    {
        File.WriteAllBytes(_folder.File("01.jpg"), TestJpegs.Make(64, 48));
        File.WriteAllText(_folder.File("02.jpg"), "this is not a JPEG, although its name says so; long enough to pass the minimum size check....");
        SetFolderTimeInThePast(_folder.Path);
        using FolderSource source = new(Options(_folder.Path, loop: true), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        Assert.Equal(64, TakeWidth(source));
        Assert.Equal(CaptureResult.Dropped, Next(source).Result);
        Assert.Equal(64, TakeWidth(source));

        // Rewritten in place: the folder's entries and time stay as they were, the file's length and time change.
        File.WriteAllBytes(_folder.File("02.jpg"), TestJpegs.Make(80, 48));

        Assert.Equal([80, 64, 80], [TakeWidth(source), TakeWidth(source), TakeWidth(source)]);
        Assert.Equal(1, source.DroppedFiles);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Loop_FolderReplacedByAnotherOfTheSameNameAndTime_IsListedAgain()
    {
        string gallery = _folder.File("gallery");
        Directory.CreateDirectory(gallery);
        File.WriteAllBytes(Path.Combine(gallery, "01.jpg"), TestJpegs.Make(64, 48));
        DateTime listed = SetFolderTimeInThePast(gallery);
        using FolderSource source = new(Options(gallery, loop: true), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        Assert.Equal(64, TakeWidth(source));

        Directory.Move(gallery, _folder.File("gallery.old"));
        Directory.CreateDirectory(gallery);
        File.WriteAllBytes(Path.Combine(gallery, "05.jpg"), TestJpegs.Make(96, 48));
        Directory.SetLastWriteTimeUtc(gallery, listed);

        Assert.Equal([96, 96], [TakeWidth(source), TakeWidth(source)]);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Live_PlaysEachNewFileOnce_InNameOrder_AsTheyAppear()
    {
        using FolderSource source = new(Options(_folder.Path, loop: false), TimeProvider.System, _log);
        source.Open(CancellationToken.None);

        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(200)).Result);
        File.WriteAllBytes(_folder.File("frame001.jpg"), TestJpegs.Make(64, 48));
        Assert.Equal(64, TakeWidth(source));
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(300)).Result);

        File.WriteAllBytes(_folder.File("frame002.jpg"), TestJpegs.Make(80, 48));
        File.WriteAllBytes(_folder.File("frame003.jpg"), TestJpegs.Make(96, 48));
        Assert.Equal(80, TakeWidth(source));
        Assert.Equal(96, TakeWidth(source));
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(300)).Result);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Live_LastFileOverwrittenInPlace_IsSentAgain()
    {
        string path = _folder.File("latest.jpg");
        File.WriteAllBytes(path, TestJpegs.Make(64, 48, seed: 1));
        using FolderSource source = new(Options(_folder.Path, loop: false), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        Assert.Equal(64, TakeWidth(source));
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(200)).Result);

        byte[] second = TestJpegs.Make(80, 48, seed: 2);
        File.WriteAllBytes(path, second);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(1));

        (CaptureResult result, Frame? frame, _) = Next(source);
        Assert.Equal(CaptureResult.Frame, result);
        Assert.Equal(second, frame!.Span.ToArray());
        frame.Release();
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(200)).Result);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Live_FilesPresentAtOpen_StartsWithTheNewestThenNewOnes()
    {
        File.WriteAllBytes(_folder.File("frame001.jpg"), TestJpegs.Make(64, 48));
        File.WriteAllBytes(_folder.File("frame002.jpg"), TestJpegs.Make(80, 48));
        File.WriteAllBytes(_folder.File("frame003.jpg"), TestJpegs.Make(96, 48));
        using FolderSource source = new(Options(_folder.Path, loop: false), TimeProvider.System, _log);
        source.Open(CancellationToken.None);

        Assert.Equal(96, TakeWidth(source));
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(200)).Result);
        File.WriteAllBytes(_folder.File("frame004.jpg"), TestJpegs.Make(112, 48));
        Assert.Equal(112, TakeWidth(source));
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Live_HalfWrittenNewestFile_IsWaitedFor_ThenSentWhole()
    {
        byte[] jpeg = TestJpegs.Make(64, 48, seed: 7);
        using FolderSource source = new(Options(_folder.Path, loop: false), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        string path = _folder.File("frame001.jpg");

        using (FileStream writer = new(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            writer.Write(jpeg, 0, jpeg.Length / 2);
            writer.Flush();
            Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(400)).Result);
            writer.Write(jpeg, jpeg.Length / 2, jpeg.Length - (jpeg.Length / 2));
        }

        (CaptureResult result, Frame? frame, _) = Next(source);
        Assert.Equal(CaptureResult.Frame, result);
        Assert.Equal(jpeg, frame!.Span.ToArray());
        frame.Release();
        Assert.Equal(0, source.DroppedFiles);
        Assert.DoesNotContain(_log.Entries, e => e.EventId.Id == InvalidFileEventId);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Live_InvalidFileWithALaterOne_IsDroppedOnce_AndTheLaterOneSent()
    {
        using FolderSource source = new(Options(_folder.Path, loop: false), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        File.WriteAllBytes(_folder.File("frame001.jpg"), new byte[500]);
        File.WriteAllBytes(_folder.File("frame002.jpg"), TestJpegs.Make(80, 48));

        (CaptureResult dropped, Frame? none, string? reason) = Next(source);
        Assert.Equal(CaptureResult.Dropped, dropped);
        Assert.Null(none);
        Assert.StartsWith("frame001.jpg", reason, StringComparison.Ordinal);
        Assert.Equal(80, TakeWidth(source));
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(200)).Result);
        Assert.Single(_log.Entries, e => e.EventId.Id == InvalidFileEventId);
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Live_InvalidNewestFile_IsDroppedOnceItsSizeHasSettled()
    {
        using FolderSource source = new(Options(_folder.Path, loop: false), TimeProvider.System, _log);
        source.Open(CancellationToken.None);
        File.WriteAllBytes(_folder.File("frame001.jpg"), new byte[500]);
        long start = TimeProvider.System.GetTimestamp();

        (CaptureResult result, _, _) = Next(source, TimeSpan.FromSeconds(5));

        Assert.Equal(CaptureResult.Dropped, result);
        Assert.True(TimeProvider.System.GetElapsedTime(start) >= FolderSource.SettleTime - TimeSpan.FromMilliseconds(50));
        Assert.Equal(CaptureResult.NoFrame, Next(source, TimeSpan.FromMilliseconds(300)).Result);
        Assert.Equal(1, source.DroppedFiles);
    }

    [Fact]
    public void Description_IsFolderWithItsPath_AndTheSizeOfTheCurrentPicture()
    {
        File.WriteAllBytes(_folder.File("a.jpg"), TestJpegs.Make(72, 40));
        File.WriteAllBytes(_folder.File("b.jpg"), TestJpegs.Make(88, 56));
        using FolderSource source = new(Options(_folder.Path, loop: true), TimeProvider.System, _log);
        source.Open(CancellationToken.None);

        // Known from the first file's header at Open, then following each frame.
        Assert.Equal((72, 40), (source.Description.Width, source.Description.Height));
        Assert.Equal(72, TakeWidth(source));
        Assert.Equal(88, TakeWidth(source));
        Assert.Equal((88, 56), (source.Description.Width, source.Description.Height));
        Assert.Equal(72, TakeWidth(source));

        Assert.Equal(("folder", _folder.Path, 72, 40), (source.Description.Kind, source.Description.Location, source.Description.Width, source.Description.Height));
    }

    [Fact]
    public void Capture_FramesCarryIncreasingSequenceAndClockTimes()
    {
        File.WriteAllBytes(_folder.File("a.jpg"), TestJpegs.Make(64, 48));
        TimeProvider time = TimeProvider.System;
        using FolderSource source = new(Options(_folder.Path, loop: true), time, _log);
        source.Open(CancellationToken.None);
        long before = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / 10;

        Frame a = Next(source).Frame!, b = Next(source).Frame!;

        Assert.Equal((1L, 2L), (a.Sequence, b.Sequence));
        Assert.True(b.MonotonicTimestamp > a.MonotonicTimestamp);
        Assert.InRange(a.UnixTimeMicroseconds, before, before + 10_000_000);
        a.Release();
        b.Release();
        Assert.Equal(0, _pool.Outstanding);
    }

    /// <summary>
    /// Sets the folder's time a minute back, to a whole second (so setting it again gives the same time to the
    /// nanosecond): old enough for the gallery to keep its listing while the folder stays as it is.
    /// </summary>
    private static DateTime SetFolderTimeInThePast(string folder)
    {
        DateTime past = DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);
        Directory.SetLastWriteTimeUtc(folder, past);
        return past;
    }

    private static CameraOptions Options(string folder, bool loop) => new()
    {
        Source = "folder",
        Folder = folder,
        Loop = loop,
        FramesPerSecond = 100,
    };

    private int TakeWidth(FolderSource source)
    {
        (CaptureResult result, Frame? frame, string? reason) = Next(source);
        Assert.True(result == CaptureResult.Frame, $"expected a frame, got {result} ({reason})");
        int width = frame!.Width;
        frame.Release();
        return width;
    }

    /// <summary>The next capture that is not NoFrame, or NoFrame when none came within <paramref name="timeout"/>.</summary>
    private (CaptureResult Result, Frame? Frame, string? Reason) Next(FolderSource source, TimeSpan? timeout = null)
    {
        long start = TimeProvider.System.GetTimestamp();
        do
        {
            CaptureResult result = source.Capture(_pool, CancellationToken.None, out Frame? frame, out string? reason);
            if (result != CaptureResult.NoFrame)
            {
                return (result, frame, reason);
            }
        }
        while (TimeProvider.System.GetElapsedTime(start) < (timeout ?? TimeSpan.FromSeconds(5)));

        return (CaptureResult.NoFrame, null, null);
    }
}
