using Camstreamd.Jpeg;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Jpeg;

public sealed class JpegHuffmanInserterTests
{
    [Fact]
    public void StandardTables_AreTheTablesLibjpegTurboEncodesWith()
    {
        // libjpeg-turbo writes the T.81 K.3 tables, in the same order, when it does not optimise them.
        byte[] jpeg = TestJpegs.Make(64, 48, subsampling: JpegSubsampling.Samp420);

        Assert.Equal(JpegSegments.HuffmanTableBodies(jpeg), StandardHuffmanTables.Segment[4..].ToArray());
        Assert.Equal(StandardHuffmanTables.SegmentLength, StandardHuffmanTables.Segment.Length);
        Assert.Equal(StandardHuffmanTables.SegmentLength - 2, (StandardHuffmanTables.Segment[2] << 8) | StandardHuffmanTables.Segment[3]);
    }

    [Theory]
    [InlineData(JpegSubsampling.Samp420)]
    [InlineData(JpegSubsampling.Samp422)]
    [InlineData(JpegSubsampling.Gray)]
    public void Insert_IntoFrameWithoutTables_DecodesToTheOriginalPixels(JpegSubsampling subsampling)
    {
        byte[] original = TestJpegs.Make(160, 120, seed: 9, subsampling: subsampling);
        byte[] cameraFrame = JpegSegments.StripHuffmanTables(original);
        Assert.DoesNotContain(JpegSegments.Headers(cameraFrame), s => s.Marker == 0xC4);

        Assert.True(JpegHuffmanInserter.NeedsTables(cameraFrame, out int insertAt));
        Assert.Equal(JpegSegments.Headers(cameraFrame).Single(s => s.Marker == 0xDA).Offset, insertAt);
        byte[] fixedFrame = new byte[cameraFrame.Length + JpegHuffmanInserter.AddedLength];
        int length = JpegHuffmanInserter.Insert(cameraFrame, insertAt, fixedFrame);

        Assert.Equal(fixedFrame.Length, length);
        Assert.False(JpegHuffmanInserter.NeedsTables(fixedFrame, out _));
        Assert.True(JpegValidator.TryValidate(fixedFrame, out _, out _));
        Assert.Equal(TestJpegs.Decode(original).Rgb, TestJpegs.Decode(fixedFrame).Rgb);
    }

    [Fact]
    public void CopyWithTables_FrameThatHasTables_CopiesItUnchanged()
    {
        byte[] jpeg = TestJpegs.Make(64, 48);
        byte[] destination = new byte[jpeg.Length + JpegHuffmanInserter.AddedLength];

        int length = JpegHuffmanInserter.CopyWithTables(jpeg, destination);

        Assert.False(JpegHuffmanInserter.NeedsTables(jpeg, out _));
        Assert.Equal(jpeg, destination.AsSpan(0, length).ToArray());
    }

    [Fact]
    public void CopyWithTables_CameraStyleFrameWithAvi1AndFillBytes_GetsTables()
    {
        // UVC frames carry an "AVI1" APP0 segment; markers may be preceded by extra 0xFF fill bytes.
        byte[] stripped = JpegSegments.StripHuffmanTables(TestJpegs.Make(64, 48, seed: 2));
        byte[] app0 = [0xFF, 0xFF, 0xE0, 0x00, 0x10, (byte)'A', (byte)'V', (byte)'I', (byte)'1', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] frame = [.. stripped.AsSpan(0, 2), .. app0, .. stripped.AsSpan(2)];
        byte[] destination = new byte[frame.Length + JpegHuffmanInserter.AddedLength];

        int length = JpegHuffmanInserter.CopyWithTables(frame, destination);

        Assert.Equal(frame.Length + JpegHuffmanInserter.AddedLength, length);
        Assert.Equal(TestJpegs.Decode(stripped).Rgb, TestJpegs.Decode(destination.AsSpan(0, length)).Rgb);
    }

    [Fact]
    public void Insert_DestinationTooSmall_Throws()
    {
        byte[] frame = JpegSegments.StripHuffmanTables(TestJpegs.Make(64, 48));
        Assert.True(JpegHuffmanInserter.NeedsTables(frame, out int insertAt));

        Assert.Throws<ArgumentException>(() => JpegHuffmanInserter.Insert(frame, insertAt, new byte[frame.Length + JpegHuffmanInserter.AddedLength - 1]));
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x7F, 0xFF })]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0x03, 0x04 })]
    [InlineData(new byte[] { 0xFF, 0xD8, 0x12, 0x34, 0xFF, 0xDA })]
    public void NeedsTables_UnwalkableHeader_ReturnsFalse(byte[] data)
    {
        Assert.False(JpegHuffmanInserter.NeedsTables(data, out int insertAt));
        Assert.Equal(-1, insertAt);
    }
}
