using Camstreamd.TurboJpeg;

namespace Camstreamd.TestSupport;

/// <summary>Real JPEGs made by libjpeg-turbo at test time, so no binary fixtures live in the repository.</summary>
public static class TestJpegs
{
    /// <summary>
    /// An RGB picture whose colour depends on position and <paramref name="seed"/>: smooth gradients
    /// (they survive JPEG well, so decoded pixels can be compared with a small tolerance).
    /// </summary>
    public static byte[] Gradient(int width, int height, int seed = 0)
    {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = ((y * width) + x) * 3;
                rgb[i] = (byte)((x * 255 / Math.Max(1, width - 1)) ^ (seed & 0x80));
                rgb[i + 1] = (byte)(y * 255 / Math.Max(1, height - 1));
                rgb[i + 2] = (byte)((seed * 37) & 0xFF);
            }
        }

        return rgb;
    }

    /// <summary>A JPEG of <see cref="Gradient"/>.</summary>
    public static byte[] Make(int width, int height, int seed = 0, JpegSubsampling subsampling = JpegSubsampling.Samp420, int quality = 90)
    {
        using TurboJpegCompressor compressor = new();
        byte[] buffer = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, subsampling)];
        int length = compressor.Compress(Gradient(width, height, seed), width, width * 3, height, TurboPixelFormat.Rgb, subsampling, quality, buffer);
        return buffer.AsSpan(0, length).ToArray();
    }

    /// <summary>Decodes to RGB; returns the pixels and the size the header gave.</summary>
    public static (byte[] Rgb, int Width, int Height) Decode(ReadOnlySpan<byte> jpeg)
    {
        using TurboJpegDecompressor decompressor = new();
        if (!decompressor.TryReadHeader(jpeg, out JpegHeader header))
        {
            throw new InvalidOperationException($"Not a JPEG: {decompressor.LastError}");
        }

        byte[] rgb = new byte[header.Width * header.Height * 3];
        decompressor.Decompress(jpeg, rgb, TurboPixelFormat.Rgb);
        return (rgb, header.Width, header.Height);
    }

    /// <summary>The largest per-channel difference between two pictures of the same size.</summary>
    public static int MaxDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Sizes differ: {a.Length} and {b.Length}.", nameof(b));
        }

        int max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }

        return max;
    }

    /// <summary>The mean per-channel difference, for checks that tolerate a few noisy block edges.</summary>
    public static double MeanDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Sizes differ: {a.Length} and {b.Length}.", nameof(b));
        }

        long sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += Math.Abs(a[i] - b[i]);
        }

        return a.Length == 0 ? 0 : (double)sum / a.Length;
    }
}
