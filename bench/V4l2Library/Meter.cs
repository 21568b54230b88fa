using System.Diagnostics;

namespace Camstreamd.Bench.V4l2Library;

/// <summary>
/// Counts frames on the capture thread and measures a window that starts at the first frame after the warm-up:
/// wall time, the process's CPU time and the bytes the process allocated. The snapshots themselves allocate,
/// so each is taken outside the window (CPU then allocations at the start, the reverse at the end).
/// </summary>
internal sealed class Meter(TimeSpan warmUp, TimeSpan window)
{
    private readonly long _warmUpEnd = Stopwatch.GetTimestamp() + (long)(warmUp.TotalSeconds * Stopwatch.Frequency);
    private long _start;
    private long _end;
    private TimeSpan _cpuStart;
    private TimeSpan _cpuEnd;
    private long _allocatedStart;
    private long _allocatedEnd;
    private long _bytesDelivered;

    public int Frames { get; private set; }

    public bool Done { get; private set; }

    /// <summary>Call once per frame handed to the application; true once the window is over.</summary>
    public bool OnFrame(int bytes)
    {
        long now = Stopwatch.GetTimestamp();
        if (_start == 0)
        {
            if (now >= _warmUpEnd)
            {
                _cpuStart = CpuTime();
                _allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
                _start = Stopwatch.GetTimestamp();
            }

            return false;
        }

        if (Done)
        {
            return true;
        }

        Frames++;
        _bytesDelivered += bytes;
        if (Stopwatch.GetElapsedTime(_start, now) >= window)
        {
            _end = now;
            _allocatedEnd = GC.GetTotalAllocatedBytes(precise: true);
            _cpuEnd = CpuTime();
            Done = true;
        }

        return Done;
    }

    public string Report(string label, string format)
    {
        if (!Done || Frames == 0)
        {
            return $"{label,-26} {format}  no complete window ({Frames} frames)";
        }

        double seconds = Stopwatch.GetElapsedTime(_start, _end).TotalSeconds;
        double cpuMsPerFrame = (_cpuEnd - _cpuStart).TotalMilliseconds / Frames;
        double allocatedPerFrame = (double)(_allocatedEnd - _allocatedStart) / Frames;
        double deliveredPerFrame = (double)_bytesDelivered / Frames;
        return FormattableString.Invariant(
            $"{label,-26} {format}  {seconds,5:0.0} s  {Frames,5} frames  {Frames / seconds,6:0.00} fps  {cpuMsPerFrame,7:0.000} ms CPU/frame  {allocatedPerFrame,10:N0} B allocated/frame  {deliveredPerFrame,9:N0} B delivered/frame");
    }

    private static TimeSpan CpuTime()
    {
        using Process self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
