using System.Diagnostics;
using System.Globalization;
using Camstreamd.Frames;
using Camstreamd.Gif;

namespace Camstreamd.Bench.GifEncode;

/// <summary>
/// Encodes JPEG frames to GIF stream frames through the daemon's own GIF encoder, one after another
/// (as the encoder thread does), and prints the mean and 99th percentile per frame for each width.
/// Usage: SECONDS WIDTH[,WIDTH...] FRAME.jpg [FRAME.jpg...] (the frames are cycled, so the palette changes as live).
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: Camstreamd.Bench.GifEncode SECONDS WIDTH[,WIDTH...] FRAME.jpg [FRAME.jpg...]");
            return 2;
        }

        double seconds = double.Parse(args[0], CultureInfo.InvariantCulture);
        int[] widths = [.. args[1].Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))];
        var pool = new FramePool();
        Frame[] jpegs = [.. args[2..].Select((path, i) => Load(pool, path, i + 1))];
        using var encoder = new GifFrameEncoder();
        using var decompressor = new TurboJpeg.TurboJpegDecompressor();
        decompressor.TryReadHeader(jpegs[0].Span, out TurboJpeg.JpegHeader source);
        foreach (int width in widths)
        {
            var options = new GifOptions { Width = width };
            Run(encoder, jpegs, options, pool, TimeSpan.FromSeconds(1));
            List<double> times = Run(encoder, jpegs, options, pool, TimeSpan.FromSeconds(seconds));
            times.Sort();
            double p99 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GIF encode {width} wide from {source.Width}x{source.Height} JPEG: mean {times.Average():0.00} ms, p99 {p99:0.00} ms over {times.Count} frames"));
        }

        return 0;
    }

    private static List<double> Run(GifFrameEncoder encoder, Frame[] jpegs, GifOptions options, FramePool pool, TimeSpan duration)
    {
        var times = new List<double>();
        var total = Stopwatch.StartNew();
        for (int i = 0; total.Elapsed < duration; i++)
        {
            long started = Stopwatch.GetTimestamp();
            if (!encoder.TryEncode(jpegs[i % jpegs.Length], options, 10, pool, out Frame? gif, out string? error))
            {
                throw new InvalidOperationException(error);
            }

            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            gif!.Release();
        }

        return times;
    }

    private static Frame Load(FramePool pool, string path, long sequence)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Frame frame = pool.Rent(bytes.Length);
        bytes.CopyTo(frame.WritableBuffer);
        frame.Complete(bytes.Length, 0, 0, sequence, Stopwatch.GetTimestamp(), 0);
        return frame;
    }
}
