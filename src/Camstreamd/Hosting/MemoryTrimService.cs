using System.Runtime.InteropServices;
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
/// A thread that is in a system call with a managed buffer at that moment (the console logger writing start-up's
/// lines to a slow pipe, say) pins the buffer for the collection, and the young generation around it cannot be
/// compacted: 2.4 MB stayed free inside the heap once in a test run. An idle daemon may not collect again for hours, so
/// the collection is tried again a second later, up to <see cref="Attempts"/> times, while that much is left.
/// </summary>
internal sealed class MemoryTrimService : IHostedService
{
    private const int Attempts = 3;
    private const long FragmentationWorthAnotherTry = 512 * 1024;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly IHostApplicationLifetime _lifetime;
    private readonly CaptureService _capture;
    private readonly FramePool _pool;
    private readonly ILogger<MemoryTrimService> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _retryLock = new();
    private ITimer? _retry;
    private bool _stopped;
    private CancellationTokenRegistration _started;
    private CaptureState _lastState = CaptureState.Idle;
    private long _trims;

    public MemoryTrimService(IHostApplicationLifetime lifetime, CaptureService capture, FramePool pool, TimeProvider time, ILogger<MemoryTrimService> logger)
    {
        _lifetime = lifetime;
        _capture = capture;
        _pool = pool;
        _time = time;
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
        lock (_retryLock)
        {
            _stopped = true;
            _retry?.Dispose();
            _retry = null;
        }

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
        ThreadPool.UnsafeQueueUserWorkItem(static work => work.Service.Trim(work.Reason, 1), (Service: this, Reason: reason), preferLocal: false);

    private void Trim(string reason, int attempt)
    {
        long before = GC.GetGCMemoryInfo().TotalCommittedBytes;
        _pool.TrimFree();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GCMemoryInfo after = GC.GetGCMemoryInfo();
        if (after.FragmentedBytes > FragmentationWorthAnotherTry && attempt < Attempts && TryAgainLater(reason, attempt + 1))
        {
            return;
        }

        ProgramPagesResult pages = ProgramPages.Release();
        if (pages.Errno != 0)
        {
            Log.ProgramPagesKept(_logger, $"{Marshal.GetPInvokeErrorMessage(pages.Errno)} (errno {pages.Errno})");
        }

        Interlocked.Increment(ref _trims);
        Log.MemoryTrimmed(_logger, reason, after.HeapSizeBytes, before, after.TotalCommittedBytes, pages.SpannedBytes, after.FragmentedBytes, attempt);
    }

    /// <summary>Runs attempt <paramref name="attempt"/> of the trim after <see cref="RetryDelay"/>; false once stopped.</summary>
    private bool TryAgainLater(string reason, int attempt)
    {
        lock (_retryLock)
        {
            if (_stopped)
            {
                return false;
            }

            _retry?.Dispose();
            _retry = _time.CreateTimer(
                static state =>
                {
                    (MemoryTrimService service, string why, int next) = ((MemoryTrimService, string, int))state!;
                    service.Trim(why, next);
                },
                (this, reason, attempt),
                RetryDelay,
                Timeout.InfiniteTimeSpan);
            return true;
        }
    }
}
