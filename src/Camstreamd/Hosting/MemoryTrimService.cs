using Camstreamd.Capture;
using Camstreamd.Frames;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting;

/// <summary>
/// Gives back to the system the memory the daemon no longer needs, at the moments it has nothing to do: once it has
/// started, and each time the source is released because nobody watches (issue #12). Without it the garbage
/// collector kept what start-up and the GIF encoder had used, about 2 and 9 MB, for as long as the daemon ran, and the
/// frame pool its free frames (256 KB each, a dozen after a GIF viewer).
/// A full compacting collection in the aggressive mode (which decommits all it can) pauses the process for a few
/// milliseconds; no frame flows at those moments. Then the pages of the program's own file that it stopped using go
/// back too (<see cref="ProgramPages"/>).
/// </summary>
internal sealed class MemoryTrimService : IHostedService
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly CaptureService _capture;
    private readonly FramePool _pool;
    private readonly ILogger<MemoryTrimService> _logger;
    private CancellationTokenRegistration _started;
    private CaptureState _lastState = CaptureState.Idle;
    private long _trims;

    public MemoryTrimService(IHostApplicationLifetime lifetime, CaptureService capture, FramePool pool, ILogger<MemoryTrimService> logger)
    {
        _lifetime = lifetime;
        _capture = capture;
        _pool = pool;
        _logger = logger;
    }

    /// <summary>Trims done since start, for /metrics.</summary>
    public long Trims => Interlocked.Read(ref _trims);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = _lifetime.ApplicationStarted.Register(() => Queue("start-up"));
        _capture.StateChanged += OnCaptureStateChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _capture.StateChanged -= OnCaptureStateChanged;
        _started.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>On the capture thread, which must not wait: the collection runs on the thread pool.</summary>
    private void OnCaptureStateChanged()
    {
        CaptureState state = _capture.Status.State;
        if (state == CaptureState.Idle && _lastState != CaptureState.Idle)
        {
            Queue("the source was released");
        }

        _lastState = state;
    }

    private void Queue(string reason) =>
        ThreadPool.UnsafeQueueUserWorkItem(static work => work.Service.Trim(work.Reason), (Service: this, Reason: reason), preferLocal: false);

    private void Trim(string reason)
    {
        long before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        _pool.TrimFree();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GCMemoryInfo after = GC.GetGCMemoryInfo();
        ProgramPagesResult pages = ProgramPages.Release();
        if (pages.Errno != 0)
        {
            Log.ProgramPagesKept(_logger, pages.Errno);
        }

        Interlocked.Increment(ref _trims);
        Log.MemoryTrimmed(_logger, reason, after.HeapSizeBytes, before, after.TotalCommittedBytes, pages.SpannedBytes);
    }
}
