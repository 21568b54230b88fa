using System.Diagnostics;
using System.Security.Cryptography;
using Camstreamd.Frames;
using Camstreamd.Jpeg;
using Camstreamd.Sources.V4l2;
using Camstreamd.TestSupport;
using Camstreamd.TurboJpeg;
using Camstreamd.V4l2.Tests.Device;

namespace Camstreamd.V4l2.Tests.Sources;

/// <summary>
/// A real MJPEG camera: v4l2loopback (/dev/video10, vivid-vm --loopback) fed by ffmpeg with UVC-style
/// frames — JPEGs whose Huffman tables were stripped. The source must pass each frame through without
/// re-encoding, with only the standard tables inserted.
/// </summary>
[Trait("Requires", Vivid.Requires)]
public sealed class MjpegLoopbackTests : IDisposable
{
    private static readonly string Loopback = Environment.GetEnvironmentVariable("VIVID_LOOPBACK") ?? "/dev/video10";

    private readonly TempDirectory _folder = new();
    private readonly HashSet<string> _expected = [];
    private Process? _feeder;

    [Fact]
    public void Capture_UvcStyleMjpeg_PassesThroughWithStandardTablesInserted()
    {
        StartFeeder();
        FramePool pool = new();
        using V4l2FrameSource source = SourceHarness.Create(Loopback, o =>
        {
            o.FramesPerSecond = 30;
            o.PixelFormat = "auto";
        });
        source.Open(CancellationToken.None);

        Assert.Contains("MJPG", source.Description.Detail, StringComparison.Ordinal);
        int checkedFrames = 0;
        int exact = 0;
        Stopwatch clock = Stopwatch.StartNew();
        while (checkedFrames < 10 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (source.Capture(pool, CancellationToken.None, out Frame? frame, out string? reason) != Camstreamd.Sources.CaptureResult.Frame)
            {
                Assert.Null(reason);
                continue;
            }

            try
            {
                using TurboJpegDecompressor decoder = new();
                Assert.True(decoder.TryReadHeader(frame!.Span, out JpegHeader header));
                Assert.Equal((640, 480), (header.Width, header.Height));
                if (_expected.Contains(Hash(frame.Span)))
                {
                    exact++;
                    decoder.Decompress(frame.Span, new byte[640 * 480 * 3], TurboPixelFormat.Rgb);
                }
                checkedFrames++;
            }
            finally
            {
                frame?.Release();
            }
        }

        Assert.Equal(10, checkedFrames);

        // v4l2loopback lets its producer overwrite a buffer the reader has dequeued (it has no ownership
        // handover), so under a slow VM an occasional frame is torn; a real UVC camera does not do that.
        // Most frames must still be byte-identical to the camera's frame plus the standard tables.
        Assert.True(exact >= 7, $"only {exact} of 10 frames were the source frames byte for byte");
        Assert.Equal(0, source.DroppedFrames);
    }

    public void Dispose()
    {
        if (_feeder is { HasExited: false })
        {
            _feeder.Kill();
            _feeder.WaitForExit(5000);
        }

        _feeder?.Dispose();
        _folder.Dispose();
    }

    private static string Hash(ReadOnlySpan<byte> data) => Convert.ToHexString(SHA256.HashData(data));

    /// <summary>Removes every DHT segment before the first SOS, as many UVC cameras send their frames.</summary>
    private static byte[] StripHuffmanTables(byte[] jpeg)
    {
        using MemoryStream output = new();
        output.Write(jpeg, 0, 2);
        int position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF)
        {
            byte marker = jpeg[position + 1];
            if (marker == 0xDA)
            {
                break;
            }

            int length = (jpeg[position + 2] << 8) | jpeg[position + 3];
            if (marker != 0xC4)
            {
                output.Write(jpeg, position, length + 2);
            }

            position += length + 2;
        }

        output.Write(jpeg, position, jpeg.Length - position);
        return output.ToArray();
    }

    private void StartFeeder()
    {
        // Standard Huffman tables (-huffman default), so the stripped frames are exactly what a UVC camera sends.
        string frames = Path.Combine(_folder.Path, "f%03d.jpg");
        ProcessResult made = ProcessRunner.RunAsync(
            "ffmpeg",
            ["-hide_banner", "-nostdin", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=640x480:rate=30", "-frames:v", "30", "-c:v", "mjpeg", "-huffman", "default", "-q:v", "5", frames],
            TimeSpan.FromSeconds(60)).GetAwaiter().GetResult();
        Assert.True(made.ExitCode == 0, made.Output);

        string clip = Path.Combine(_folder.Path, "clip.mjpeg");
        using (FileStream stream = File.Create(clip))
        {
            foreach (string file in Directory.GetFiles(_folder.Path, "f*.jpg").Order(StringComparer.Ordinal))
            {
                byte[] stripped = StripHuffmanTables(File.ReadAllBytes(file));
                Assert.True(JpegHuffmanInserter.NeedsTables(stripped, out _));
                byte[] withTables = new byte[stripped.Length + JpegHuffmanInserter.AddedLength];
                int length = JpegHuffmanInserter.CopyWithTables(stripped, withTables);
                _expected.Add(Hash(withTables.AsSpan(0, length)));
                stream.Write(stripped);
            }
        }

        ProcessStartInfo start = new("ffmpeg") { RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-f", "mjpeg", "-framerate", "30", "-i", clip, "-c:v", "copy", "-f", "v4l2", Loopback])
        {
            start.ArgumentList.Add(argument);
        }

        _feeder = Process.Start(start) ?? throw new InvalidOperationException("could not start ffmpeg");
        _feeder.ErrorDataReceived += (_, _) => { };
        _feeder.BeginErrorReadLine();

        // v4l2loopback (exclusive_caps) turns into a capture device once the producer has set its format.
        Stopwatch clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                using V4l2Device probe = V4l2Device.Open(Loopback);
                if (probe.Capabilities.CanStreamCapture && probe.GetFormat().PixelFormat == V4l2FourCc.MJPG)
                {
                    return;
                }
            }
            catch (V4l2Exception)
            {
                // Not ready yet.
            }

            Thread.Sleep(200);
        }

        Assert.Fail($"{Loopback} did not become an MJPEG capture device within 15 s (ffmpeg exited: {_feeder.HasExited})");
    }
}
