using System.Diagnostics;
using System.Globalization;
using Camstreamd.Sources.V4l2;
using Camstreamd.V4l2;

namespace Camstreamd.Bench.V4l2Encode;

/// <summary>
/// Encodes one raw YUYV frame (as a camera delivers it) to JPEG over and over through the V4L2 source's
/// own encoder and prints frames per second, for comparison with tjbench's "Comp from YUV" on the same
/// picture. Usage: FRAME.yuyv WIDTH HEIGHT QUALITY SECONDS.
/// </summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 5)
        {
            Console.Error.WriteLine("usage: Camstreamd.Bench.V4l2Encode FRAME.yuyv WIDTH HEIGHT QUALITY SECONDS");
            return 2;
        }

        byte[] yuyv = File.ReadAllBytes(args[0]);
        int width = int.Parse(args[1], CultureInfo.InvariantCulture);
        int height = int.Parse(args[2], CultureInfo.InvariantCulture);
        int quality = int.Parse(args[3], CultureInfo.InvariantCulture);
        double seconds = double.Parse(args[4], CultureInfo.InvariantCulture);
        var format = new V4l2PixelFormat(V4l2FourCc.YUYV, width, height, false, [width * 2], [width * height * 2]);
        using var encoder = new RawFrameEncoder(format, quality);
        byte[] jpeg = new byte[encoder.MaxLength];

        // Warm-up: JIT tiers and libjpeg's first-call setup.
        var warmUp = Stopwatch.StartNew();
        int length = 0;
        while (warmUp.Elapsed < TimeSpan.FromSeconds(1))
        {
            length = Encode(encoder, yuyv, jpeg);
        }

        long frames = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            Encode(encoder, yuyv, jpeg);
            frames++;
        }

        double fps = frames / clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"camstreamd YUYV {width}x{height} Q{quality} 4:2:2: {fps:0.0} fps, {fps * width * height / 1e6:0.0} Mpixels/s, {length} bytes per JPEG"));
        return 0;
    }

    private static int Encode(RawFrameEncoder encoder, byte[] yuyv, byte[] jpeg)
    {
        var frame = new V4l2Frame(0, 0, 0, false, 1, yuyv, default, default);
        return encoder.TryEncode(frame, jpeg, out int length, out string? reason) ? length : throw new InvalidOperationException(reason);
    }
}
