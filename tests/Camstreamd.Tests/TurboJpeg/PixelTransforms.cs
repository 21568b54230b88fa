using Camstreamd.TurboJpeg;

namespace Camstreamd.Tests.TurboJpeg;

/// <summary>Reference implementation of the eight transforms on plain pixel arrays, independent of libjpeg-turbo.</summary>
internal static class PixelTransforms
{
    /// <summary>Transforms a packed picture of <paramref name="channels"/> bytes per pixel; returns it with its new size.</summary>
    public static (T[] Pixels, int Width, int Height) Apply<T>(T[] pixels, int width, int height, int channels, JpegTransform transform)
    {
        bool swap = JpegTransforms.SwapsAxes(transform);
        int outWidth = swap ? height : width;
        int outHeight = swap ? width : height;
        T[] result = new T[pixels.Length];
        for (int oy = 0; oy < outHeight; oy++)
        {
            for (int ox = 0; ox < outWidth; ox++)
            {
                (int x, int y) = Source(transform, ox, oy, width, height);
                Array.Copy(pixels, ((y * width) + x) * channels, result, ((oy * outWidth) + ox) * channels, channels);
            }
        }

        return (result, outWidth, outHeight);
    }

    /// <summary>Which input pixel lands at output (ox, oy).</summary>
    private static (int X, int Y) Source(JpegTransform transform, int ox, int oy, int width, int height) => transform switch
    {
        JpegTransform.None => (ox, oy),
        JpegTransform.FlipHorizontal => (width - 1 - ox, oy),
        JpegTransform.FlipVertical => (ox, height - 1 - oy),
        JpegTransform.Transpose => (oy, ox),
        JpegTransform.Transverse => (width - 1 - oy, height - 1 - ox),
        JpegTransform.Rotate90 => (oy, height - 1 - ox),
        JpegTransform.Rotate180 => (width - 1 - ox, height - 1 - oy),
        JpegTransform.Rotate270 => (width - 1 - oy, ox),
        _ => throw new ArgumentOutOfRangeException(nameof(transform)),
    };
}
