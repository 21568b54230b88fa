using Camstreamd.TurboJpeg;

namespace Camstreamd.Gif;

/// <summary>The GIF's size from the source's, and the cheapest way to get there from a JPEG.</summary>
internal static class GifGeometry
{
    /// <summary>
    /// <c>Gif:Width</c>, but never more than the source's width; the height keeps the source's aspect ratio.
    /// </summary>
    public static (int Width, int Height) OutputSize(int sourceWidth, int sourceHeight, int configuredWidth)
    {
        int width = Math.Clamp(configuredWidth, 1, sourceWidth);
        int height = Math.Max(1, (int)Math.Round((double)sourceHeight * width / sourceWidth, MidpointRounding.AwayFromZero));
        return (width, height);
    }

    /// <summary>
    /// The largest of libjpeg-turbo's fast DCT scalings 1/8, 1/4, 1/2 (else 1/1) that still leaves at least
    /// <paramref name="outputWidth"/> x <paramref name="outputHeight"/>, so what is left to resize is at most halving.
    /// </summary>
    public static int ScaleDenominator(int sourceWidth, int sourceHeight, int outputWidth, int outputHeight)
    {
        foreach (int denominator in (ReadOnlySpan<int>)[8, 4, 2])
        {
            if (TurboJpegDecompressor.ScaledSide(sourceWidth, denominator) >= outputWidth && TurboJpegDecompressor.ScaledSide(sourceHeight, denominator) >= outputHeight)
            {
                return denominator;
            }
        }

        return 1;
    }
}
