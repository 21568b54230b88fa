using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Sources.Command;

/// <summary>JPEGs shaped the way MJPEG streams carry them, for the command source's tests.</summary>
internal static class StreamJpegs
{
    /// <summary>
    /// A JPEG whose APP1 (EXIF) segment holds a whole thumbnail JPEG, FF D9 and all, as cameras write
    /// them: a scanner that looks for FF D9 without walking segments ends the picture inside its header.
    /// </summary>
    public static byte[] WithExifThumbnail(int width, int height, int seed = 0)
    {
        byte[] main = TestJpegs.Make(width, height, seed);
        byte[] thumbnail = TestJpegs.Make(16, 16, seed + 1);
        byte[] exifHeader = "Exif\0\0"u8.ToArray();
        int segmentLength = 2 + exifHeader.Length + thumbnail.Length;
        byte[] app1 = [0xFF, 0xE1, (byte)(segmentLength >> 8), (byte)segmentLength, .. exifHeader, .. thumbnail];
        return [.. main.AsSpan(0, 2), .. app1, .. main.AsSpan(2)];
    }

    /// <summary>Writes <paramref name="jpeg"/> to a file in <paramref name="directory"/> and returns its path.</summary>
    public static string Save(TempDirectory directory, string name, byte[] jpeg)
    {
        string path = directory.File(name);
        File.WriteAllBytes(path, jpeg);
        return path;
    }
}
