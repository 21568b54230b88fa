using Camstreamd.Sources.V4l2;
using Camstreamd.TurboJpeg;

namespace Camstreamd.V4l2.Tests.Sources;

/// <summary>
/// The plane splitting of every raw format, checked through real libjpeg-turbo: a picture whose left half
/// is red and right half blue (JFIF full-range YCbCr, as libjpeg interprets planes) must decode as red and blue, which fails if Y, Cb and
/// Cr are taken from the wrong bytes.
/// </summary>
public sealed class RawFrameEncoderTests
{
    private const int Width = 64;
    private const int Height = 32;
    private const byte RedY = 76, RedU = 85, RedV = 255;
    private const byte BlueY = 29, BlueU = 255, BlueV = 107;

    [Theory]
    [InlineData("YUYV")]
    [InlineData("UYVY")]
    [InlineData("NV12")]
    [InlineData("YU12")]
    [InlineData("NM12")]
    [InlineData("YM12")]
    [InlineData("RGB3")]
    public void TryEncode_HalfRedHalfBlue_DecodesToTheSameColours(string fourcc)
    {
        uint code = V4l2FourCc.Parse(fourcc);
        (byte[][] planes, int[] pitches) = Make(code);
        V4l2PixelFormat format = new(code, Width, Height, planes.Length > 1, pitches, planes.Select(p => p.Length).ToArray());
        using RawFrameEncoder encoder = new(format, 95);
        byte[] jpeg = new byte[encoder.MaxLength];

        V4l2Frame frame = new(0, 1, 0, false, planes.Length, planes[0], planes.Length > 1 ? planes[1] : default, planes.Length > 2 ? planes[2] : default);
        Assert.True(encoder.TryEncode(frame, jpeg, out int length, out string? reason), reason);

        using TurboJpegDecompressor decoder = new();
        byte[] rgb = new byte[Width * Height * 3];
        decoder.Decompress(jpeg.AsSpan(0, length), rgb, TurboPixelFormat.Rgb);
        AssertColour(rgb, 8, 16, (255, 0, 0));
        AssertColour(rgb, 56, 16, (0, 0, 255));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(16, false)]
    [InlineData(30, true)]
    [InlineData(64, false)]
    [InlineData(1282, true)]
    public void SplitPacked422Row_RandomRow_MatchesTheByteLayout(int width, bool chromaFirst)
    {
        byte[] source = new byte[width * 2];
        new Random(width).NextBytes(source);
        byte[] y = new byte[width];
        byte[] u = new byte[width / 2];
        byte[] v = new byte[width / 2];

        RawFrameEncoder.SplitPacked422Row(source, y, u, v, chromaFirst);

        for (int pair = 0; pair < width / 2; pair++)
        {
            byte[] quad = source[(pair * 4)..((pair * 4) + 4)];
            (byte y0, byte cb, byte y1, byte cr) = chromaFirst ? (quad[1], quad[0], quad[3], quad[2]) : (quad[0], quad[1], quad[2], quad[3]);
            Assert.Equal((y0, y1, cb, cr), (y[2 * pair], y[(2 * pair) + 1], u[pair], v[pair]));
        }
    }

    [Fact]
    public void TryEncode_ShortBuffer_IsDroppedWithAReason()
    {
        V4l2PixelFormat format = new(V4l2FourCc.YUYV, Width, Height, false, [Width * 2], [Width * Height * 2]);
        using RawFrameEncoder encoder = new(format, 80);
        byte[] halfFrame = new byte[Width * Height];

        V4l2Frame frame = new(0, 1, 0, false, 1, halfFrame, default, default);
        bool encoded = encoder.TryEncode(frame, new byte[encoder.MaxLength], out _, out string? reason);

        Assert.False(encoded);
        Assert.Contains("shorter than its format needs", reason, StringComparison.Ordinal);
    }

    private static void AssertColour(byte[] rgb, int x, int y, (int R, int G, int B) expected)
    {
        int i = ((y * Width) + x) * 3;
        Assert.InRange(rgb[i], expected.R - 12, expected.R + 12);
        Assert.InRange(rgb[i + 1], expected.G - 12, expected.G + 12);
        Assert.InRange(rgb[i + 2], expected.B - 12, expected.B + 12);
    }

    private static (byte Y, byte U, byte V) At(int x) => x < Width / 2 ? (RedY, RedU, RedV) : (BlueY, BlueU, BlueV);

    private static (byte[][] Planes, int[] Pitches) Make(uint code)
    {
        switch (code)
        {
            case V4l2FourCc.YUYV or V4l2FourCc.UYVY:
            {
                byte[] data = new byte[Width * Height * 2];
                for (int y = 0; y < Height; y++)
                {
                    for (int x = 0; x < Width; x += 2)
                    {
                        (byte luma, byte u, byte v) = At(x);
                        int i = (y * Width * 2) + (x * 2);
                        byte[] quad = code == V4l2FourCc.YUYV ? [luma, u, luma, v] : [u, luma, v, luma];
                        quad.CopyTo(data, i);
                    }
                }

                return ([data], [Width * 2]);
            }

            case V4l2FourCc.RGB3:
            {
                byte[] data = new byte[Width * Height * 3];
                for (int p = 0; p < Width * Height; p++)
                {
                    byte[] colour = p % Width < Width / 2 ? [255, 0, 0] : [0, 0, 255];
                    colour.CopyTo(data, p * 3);
                }

                return ([data], [Width * 3]);
            }

            default:
            {
                byte[] luma = new byte[Width * Height];
                byte[] u = new byte[Width / 2 * (Height / 2)];
                byte[] v = new byte[Width / 2 * (Height / 2)];
                byte[] interleaved = new byte[Width * (Height / 2)];
                for (int y = 0; y < Height; y++)
                {
                    for (int x = 0; x < Width; x++)
                    {
                        luma[(y * Width) + x] = At(x).Y;
                    }
                }

                for (int y = 0; y < Height / 2; y++)
                {
                    for (int x = 0; x < Width / 2; x++)
                    {
                        u[(y * Width / 2) + x] = At(x * 2).U;
                        v[(y * Width / 2) + x] = At(x * 2).V;
                        interleaved[(y * Width) + (2 * x)] = At(x * 2).U;
                        interleaved[(y * Width) + (2 * x) + 1] = At(x * 2).V;
                    }
                }

                return code switch
                {
                    V4l2FourCc.NV12 => ([[.. luma, .. interleaved]], [Width]),
                    V4l2FourCc.YU12 => ([[.. luma, .. u, .. v]], [Width]),
                    V4l2FourCc.NV12M => ([luma, interleaved], [Width, Width]),
                    _ => ([luma, u, v], [Width, Width / 2, Width / 2]),
                };
            }
        }
    }
}
