using Camstreamd.Privacy;
using Camstreamd.Status;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.Privacy;

/// <summary>The privacy picture is a real JPEG of the camera's size that says the camera is off, made the same way every time.</summary>
public sealed class PrivacyPictureTests
{
    [Fact]
    public void Encode_IsAJpegOfTheSize_WithTextAndRedBands_NotABlackFrame()
    {
        byte[] jpeg = PrivacyPicture.Encode(640, 480, 80);

        using TurboJpegDecompressor decoder = new();
        Assert.True(decoder.TryReadHeader(jpeg, out JpegHeader header), decoder.LastError);
        Assert.Equal((640, 480), (header.Width, header.Height));
        byte[] rgb = new byte[640 * 480 * 3];
        decoder.Decompress(jpeg, rgb, TurboPixelFormat.Rgb);
        (byte r, byte g, byte b) Pixel(int x, int y) => (rgb[((y * 640) + x) * 3], rgb[(((y * 640) + x) * 3) + 1], rgb[(((y * 640) + x) * 3) + 2]);

        // A red band at the top, dark grey in the middle, and white letters somewhere on the middle row band.
        (byte r, byte g, byte b) top = Pixel(320, 5);
        Assert.True(top.r > 180 && top.g < 80 && top.b < 80, $"top band is {top}");
        (byte r, byte g, byte b) background = Pixel(10, 240);
        Assert.True(background.r is > 20 and < 70, $"background is {background}");
        int white = 0;
        for (int y = 150; y < 330; y++)
        {
            for (int x = 0; x < 640; x++)
            {
                white += Pixel(x, y).r > 200 && Pixel(x, y).g > 200 ? 1 : 0;
            }
        }

        Assert.True(white > 2000, $"only {white} white pixels: no text");
    }

    [Fact]
    public void Encode_TheSameInputs_GiveTheSameBytes()
    {
        Assert.Equal(PrivacyPicture.Encode(320, 240, 75), PrivacyPicture.Encode(320, 240, 75));
        Assert.NotEqual(PrivacyPicture.Encode(320, 240, 75), PrivacyPicture.Encode(322, 240, 75));
    }

    [Fact]
    public void StatusLine_SaysPrivacy()
    {
        ServiceStatus status = new("v4l2 /dev/video0", 640, 480, 0, 2, Streaming: false, LastError: null) { Privacy = true };
        Assert.Equal("v4l2 /dev/video0 640x480, privacy (camera off), 2 viewers", status.ToStatusLine());
    }
}
