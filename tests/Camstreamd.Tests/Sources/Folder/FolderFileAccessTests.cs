using System.Diagnostics;
using Camstreamd.Frames;
using Camstreamd.Sources.Folder;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Sources.Folder;

/// <summary>The folder source's own file reads (open, statx, pread, close): what File.OpenHandle gave, and nothing allocated per frame.</summary>
public sealed class FolderFileAccessTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Open_GivesTheLengthAndWriteTimeTheFileSystemHas_AndReadAllTheBytes()
    {
        string path = _folder.File("frame.jpg");
        byte[] content = TestJpegs.Make(64, 48, seed: 7);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 30, 13, 45, 12, DateTimeKind.Utc).AddTicks(1234567));

        FileStamp stamp;
        byte[] read = new byte[content.Length + 10];
        int length;
        using (OpenedFile opened = FolderFileAccess.Open(path, out stamp))
        {
            length = FolderFileAccess.ReadAll(opened, read);
        }

        Assert.Equal(new FileStamp(content.Length, File.GetLastWriteTimeUtc(path)), stamp);
        Assert.Equal(content.Length, length);
        Assert.Equal(content, read[..length]);
    }

    [Fact]
    public void Open_AFileGoneSinceTheScan_IsGone()
    {
        Exception ex = Assert.ThrowsAny<Exception>(() => FolderFileAccess.Open(_folder.File("gone.jpg"), out _));

        Assert.True(FolderFileAccess.IsReadFailure(ex, out FileLoadResult result, out string? reason));
        Assert.Equal(FileLoadResult.Gone, result);
        Assert.Null(reason);
    }

    [Fact]
    public void Open_AFifoNamedLikeAPicture_CannotBeRead_InsteadOfWaitingForAWriter()
    {
        string path = _folder.File("pipe.jpg");
        using (Process mkfifo = Process.Start("mkfifo", path))
        {
            Assert.True(mkfifo.WaitForExit(10_000));
            Assert.Equal(0, mkfifo.ExitCode);
        }

        Exception ex = Assert.ThrowsAny<Exception>(() => FolderFileAccess.Open(path, out _));

        Assert.True(FolderFileAccess.IsReadFailure(ex, out FileLoadResult result, out string? reason));
        Assert.Equal(FileLoadResult.Invalid, result);
        Assert.Equal($"cannot be read: '{path}' is not a regular file", reason);
    }

    [Fact]
    public void JpegLoad_AllocatesNothing_AndLeavesNoDescriptorOpen()
    {
        string path = _folder.File("frame.jpg");
        File.WriteAllBytes(path, TestJpegs.Make(320, 240, seed: 3));
        FramePool pool = new(64 * 1024);
        using JpegFileReader reader = new();

        // Warm: the first load reads the header, the second finds it known.
        LoadAndRelease(reader, path, pool);
        LoadAndRelease(reader, path, pool);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            LoadAndRelease(reader, path, pool);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.DoesNotContain(Directory.GetFiles("/proc/self/fd"), fd => new FileInfo(fd).LinkTarget == path);
    }

    private static void LoadAndRelease(JpegFileReader reader, string path, FramePool pool)
    {
        FileLoadResult result = reader.Load(path, pool, out Frame? frame, out _, out JpegHeader header, out _, out _);
        if (result != FileLoadResult.Loaded || header.Width != 320)
        {
            throw new InvalidOperationException($"the frame did not load: {result}, {header.Width}x{header.Height}");
        }

        frame!.Release();
    }
}
