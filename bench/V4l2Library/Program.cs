using System.Buffers;
using System.Globalization;
using Camstreamd.Bench.V4l2Library;
using Camstreamd.V4l2;
using Iot.Device.Media;

// Captures YUYV from a V4L2 device with Iot.Device.Media's VideoDevice (as its README shows: NewImageBufferReady
// and CaptureContinuous), or with our V4l2Capture, and reports frames delivered, CPU and bytes allocated per frame.
// Both hand the application the frame's bytes in its own memory: the library copies into the array it passes;
// ours copies the dequeued buffer (bytesused) into one reused array, as camstreamd copies into a pooled frame.
if (args.Length != 5)
{
    Console.Error.WriteLine("usage: Camstreamd.Bench.V4l2Library videodevice|videodevice-pooled|v4l2capture /dev/videoN WIDTH HEIGHT SECONDS");
    return 64;
}

string mode = args[0];
string path = args[1];
int width = int.Parse(args[2], CultureInfo.InvariantCulture);
int height = int.Parse(args[3], CultureInfo.InvariantCulture);
TimeSpan window = TimeSpan.FromSeconds(double.Parse(args[4], CultureInfo.InvariantCulture));
TimeSpan warmUp = TimeSpan.FromSeconds(3);
Meter meter = new(warmUp, window);
string format = $"{width}x{height} YUYV";

// VideoDevice cannot be told to stop while DQBUF blocks (it never polls): if frames stop, say so and leave.
TimeSpan deadline = warmUp + window + TimeSpan.FromSeconds(30);
using Timer stuck = new(_ =>
{
    Console.WriteLine($"{mode}: no complete window after {deadline.TotalSeconds:0} s ({meter.Frames} frames); capture blocked");
    Environment.Exit(2);
}, null, deadline, Timeout.InfiniteTimeSpan);

switch (mode)
{
    case "videodevice":
    case "videodevice-pooled":
        CaptureWithVideoDevice(pooled: mode == "videodevice-pooled");
        break;
    case "v4l2capture":
        CaptureWithV4l2Capture();
        break;
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 64;
}

Console.WriteLine(meter.Report(mode, format));
return meter.Done ? 0 : 1;

void CaptureWithVideoDevice(bool pooled)
{
    int busId = int.Parse(path["/dev/video".Length..], CultureInfo.InvariantCulture);
    VideoConnectionSettings settings = new(busId, ((uint)width, (uint)height), VideoPixelFormat.YUYV);
    using VideoDevice device = VideoDevice.Create(settings);
    device.ImageBufferPoolingEnabled = pooled;
    using CancellationTokenSource stop = new();
    long checksum = 0;
    device.NewImageBufferReady += (_, e) =>
    {
        checksum += e.ImageBuffer[e.Length / 2];
        if (meter.OnFrame(e.Length))
        {
            stop.Cancel();
        }

        if (pooled)
        {
            // The library's contract when pooling: the consumer returns the array.
            ArrayPool<byte>.Shared.Return(e.ImageBuffer);
        }
    };
    device.StartCaptureContinuous();
    device.CaptureContinuous(stop.Token);
    device.StopCaptureContinuous();
    GC.KeepAlive(checksum);
}

void CaptureWithV4l2Capture()
{
    using V4l2Device device = V4l2Device.Open(path);
    device.SetFormat(V4l2FourCc.YUYV, width, height);
    using V4l2Capture capture = device.StartCapture(4);
    byte[] copy = new byte[capture.Format.BytesPerLine * capture.Format.Height];
    long checksum = 0;
    while (!meter.Done)
    {
        V4l2WaitResult result = capture.TryDequeue(TimeSpan.FromSeconds(2), out V4l2Frame frame);
        if (result != V4l2WaitResult.Frame)
        {
            Console.WriteLine($"v4l2capture: {result} while waiting for a frame");
            return;
        }

        int length = frame.Data.Length;
        frame.Data.CopyTo(copy);
        capture.Requeue();
        checksum += copy[length / 2];
        meter.OnFrame(length);
    }

    GC.KeepAlive(checksum);
}
