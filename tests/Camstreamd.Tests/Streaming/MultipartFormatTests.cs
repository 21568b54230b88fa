using System.Text;
using Camstreamd.Streaming;

namespace Camstreamd.Tests.Streaming;

public sealed class MultipartFormatTests
{
    [Theory]
    [InlineData(1_700_000_000_123_456L, "1700000000.123456")]
    [InlineData(1_700_000_000_000_001L, "1700000000.000001")]
    public void FormatTimestamp_WritesUnixSecondsWithSixDecimals(long microseconds, string expected)
    {
        Assert.Equal(expected, MultipartFormat.TimestampString(microseconds));
    }

    [Fact]
    public void WritePartHeader_WritesTypeLengthAndTimestamp()
    {
        Span<byte> buffer = stackalloc byte[MultipartFormat.MaxPartHeaderLength];
        int length = MultipartFormat.WritePartHeader(buffer, 91_234, 1_700_000_000_500_000L);

        Assert.Equal(
            "Content-Type: image/jpeg\r\nContent-Length: 91234\r\nX-Timestamp: 1700000000.500000\r\n\r\n",
            Encoding.ASCII.GetString(buffer[..length]));
    }
}
