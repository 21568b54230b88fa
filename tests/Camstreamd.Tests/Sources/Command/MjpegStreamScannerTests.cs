using Camstreamd.Sources.Command;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Sources.Command;

public sealed class MjpegStreamScannerTests
{
    private static readonly byte[] First = TestJpegs.Make(64, 48, seed: 1);
    private static readonly byte[] Second = TestJpegs.Make(32, 32, seed: 2);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Scan_ConcatenatedImagesWithGarbageBetween_FindsEachWholeWhateverTheReadSizes(int chunk)
    {
        byte[] stream = [.. "noise before\n"u8, .. First, 0x00, 0xFF, 0xD8, 0x12, .. "between"u8, .. Second, .. First, .. "trailing"u8];

        List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks(stream, chunk);

        // FF D8 12 is no SOI (no marker follows it): skipped as garbage like the rest.
        Assert.Equal([MjpegScanResult.Image, MjpegScanResult.Image, MjpegScanResult.Image], found.Select(f => f.Result));
        Assert.Equal(First, found[0].Bytes);
        Assert.Equal(Second, found[1].Bytes);
        Assert.Equal(First, found[2].Bytes);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100_000)]
    public void Scan_ExifThumbnailInApp1_IsNotTakenForTheEndOfThePicture(int chunk)
    {
        byte[] withThumbnail = StreamJpegs.WithExifThumbnail(64, 48);

        List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks([.. withThumbnail, .. Second], chunk);

        Assert.Equal(2, found.Count);
        Assert.Equal(withThumbnail, found[0].Bytes);
        Assert.Equal(Second, found[1].Bytes);
    }

    [Fact]
    public void Scan_StuffingRestartMarkersAndASecondScan_StayInsideOneImage()
    {
        // SOI, a DQT-like segment, SOS, entropy data with FF 00 and RST3, a DHT between scans whose payload
        // holds FF D9, a second SOS (a progressive image's next scan), more data, EOI.
        byte[] image =
        [
            0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x04, 0x01, 0x02,
            0xFF, 0xDA, 0x00, 0x03, 0x00, 0x11, 0xFF, 0x00, 0x22, 0xFF, 0xD3, 0x33, 0xFF, 0xFF, 0x00,
            0xFF, 0xC4, 0x00, 0x06, 0xFF, 0xD9, 0xFF, 0xD8,
            0xFF, 0xDA, 0x00, 0x02, 0x44, 0x55, 0xFF, 0x00,
            0xFF, 0xD9,
        ];

        for (int chunk = 1; chunk <= image.Length; chunk++)
        {
            List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks([.. image, .. image], chunk);

            Assert.Equal(2, found.Count);
            Assert.All(found, f => Assert.Equal(image, f.Bytes));
        }
    }

    [Fact]
    public void Scan_ImageCutShortInItsDataByTheNextOne_IsBrokenAsTruncatedAndTheNextIsWhole()
    {
        byte[] cut = First[..^100];

        List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks([.. cut, .. Second], 1000);

        Assert.Equal(2, found.Count);
        Assert.Equal(MjpegScanResult.Broken, found[0].Result);
        Assert.Equal(MjpegStreamScanner.TruncatedReason, found[0].Reason);
        Assert.Equal(cut, found[0].Bytes);
        AssertImage(Second, found[1]);
    }

    [Fact]
    public void Scan_ImageCutShortInItsHeader_IsBrokenAndTheNextIsWhole()
    {
        byte[] cut = First[..200];

        List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks([.. cut, .. Second], 64);

        Assert.Equal(MjpegScanResult.Broken, found[0].Result);
        AssertImage(Second, found[^1]);
        Assert.DoesNotContain(found.SkipLast(1), f => f.Result == MjpegScanResult.Image);
    }

    [Fact]
    public void Scan_CorruptHeader_IsBrokenAndScanningResumes()
    {
        byte[] corrupt = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0x12, 0x34, 0x56];

        List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks([.. corrupt, .. Second], 3);

        Assert.Equal((MjpegScanResult.Broken, MjpegStreamScanner.MalformedReason), (found[0].Result, found[0].Reason));
        AssertImage(Second, found[1]);
    }

    [Theory]
    [InlineData(512)]
    [InlineData(1 << 20)]
    public void Scan_ImageLargerThanTheLimit_IsBrokenAndTheNextSmallOneIsWhole(int chunk)
    {
        byte[] large = TestJpegs.Make(320, 240, seed: 3);
        Assert.True(large.Length > 4000 && Second.Length < 4000);

        List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> found = ScanInChunks([.. large, .. Second], chunk, maxImageLength: 4000);

        Assert.Equal(MjpegScanResult.Broken, found[0].Result);
        Assert.StartsWith("larger than 4000 bytes", found[0].Reason, StringComparison.Ordinal);
        AssertImage(Second, found[^1]);
        Assert.DoesNotContain(found.SkipLast(1), f => f.Result == MjpegScanResult.Image);
    }

    private static void AssertImage(byte[] expected, (MjpegScanResult Result, byte[] Bytes, string? Reason) found)
    {
        Assert.Equal(MjpegScanResult.Image, found.Result);
        Assert.Equal(expected, found.Bytes);
    }

    /// <summary>Feeds the stream as a reader of <paramref name="chunk"/>-byte reads would, dropping finished bytes as the source does.</summary>
    private static List<(MjpegScanResult Result, byte[] Bytes, string? Reason)> ScanInChunks(byte[] stream, int chunk, int maxImageLength = 1 << 20)
    {
        MjpegStreamScanner scanner = new(maxImageLength);
        List<byte> buffer = new();
        List<(MjpegScanResult, byte[], string?)> found = new();
        for (int offset = 0; offset < stream.Length; offset += chunk)
        {
            buffer.AddRange(stream.AsSpan(offset, Math.Min(chunk, stream.Length - offset)));
            MjpegScanResult result;
            while ((result = scanner.Scan(buffer.ToArray(), out int start, out int length, out string? reason)) != MjpegScanResult.NeedMore)
            {
                found.Add((result, buffer.GetRange(start, length).ToArray(), reason));
            }

            int finished = scanner.Finished;
            buffer.RemoveRange(0, finished);
            scanner.Discard(finished);
        }

        return found;
    }
}
