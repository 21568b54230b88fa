using Camstreamd.Configuration;
using Camstreamd.Processes;
using Camstreamd.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing;

/// <summary>
/// Runs one <see cref="PublishTarget"/> per <c>Publish:Targets</c> entry, fed by the broadcaster it is given
/// (not a global camera, so there can later be one per camera). A reload stops the targets that are gone or
/// changed and starts the new ones; the others, and every viewer, are left alone.
/// </summary>
internal sealed class PublishService : IHostedService
{
    /// <summary>Longer than a target's own ending (ffmpeg's flush, then SIGTERM's grace and SIGKILL).</summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(8);

    private readonly FrameBroadcaster _broadcaster;
    private readonly StreamSessions _sessions;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<PublishService> _logger;
    private readonly Lock _gate = new();
    private List<RunningTarget> _running = [];

    // Targets a reload stopped that may still be ending: the daemon's stop waits for them too.
    private List<Task> _stopping = [];
    private bool _stopped;

    public PublishService(FrameBroadcaster broadcaster, StreamSessions sessions, SettingsStore settings, TimeProvider time, ILogger<PublishService> logger)
    {
        _broadcaster = broadcaster;
        _sessions = sessions;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>The targets now, in start order.</summary>
    public IReadOnlyList<PublishTargetSnapshot> Targets
    {
        get
        {
            lock (_gate)
            {
                return [.. _running.Select(running => running.Target.Snapshot())];
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _settings.Changed += OnSettingsChanged;
        Apply(_settings.Current);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _settings.Changed -= OnSettingsChanged;
        List<RunningTarget> all;
        List<Task> stopping;
        lock (_gate)
        {
            _stopped = true;
            all = _running;
            _running = [];
            stopping = _stopping;
            _stopping = [];
        }

        // Each is bounded by StopWait already.
        await Task.WhenAll([StopAllAsync(all), .. stopping]).ConfigureAwait(false);
    }

    private void OnSettingsChanged(CamstreamdSettings previous, CamstreamdSettings next)
    {
        (int kept, int stopped, int started) = Apply(next);
        if (stopped > 0 || started > 0)
        {
            Log.TargetsReloaded(_logger, kept, stopped, started);
        }
    }

    private (int Kept, int Stopped, int Started) Apply(CamstreamdSettings settings)
    {
        PublishOptions publish = settings.Publish;
        string ffmpeg = ExecutablePath.Find(publish.Ffmpeg) ?? publish.Ffmpeg;
        lock (_gate)
        {
            if (_stopped)
            {
                return (0, 0, 0);
            }

            List<RunningTarget> next = new();
            List<RunningTarget> unmatched = new(_running);
            int started = 0;
            foreach (PublishTargetOptions options in publish.Targets)
            {
                // A target that follows the camera's rate is restarted when that rate changes.
                double fps = options.FramesPerSecond ?? settings.Camera.FramesPerSecond;
                RunningTarget? same = unmatched.Find(running => running.Ffmpeg == ffmpeg && running.Target.FramesPerSecond.Equals(fps) && running.Target.Options.SameAs(options));
                if (same is not null)
                {
                    unmatched.Remove(same);
                    next.Add(same);
                    continue;
                }

                // Validated already: the URL parses.
                PublishUrl url = PublishUrl.TryParse(options.Url, out _)!;
                PublishTarget target = new(options, url, ffmpeg, fps, _broadcaster, _sessions, _time, _logger);
                CancellationTokenSource stop = new();
                Task run = Task.Run(() => RunAsync(target, stop.Token), CancellationToken.None);
                next.Add(new RunningTarget(target, ffmpeg, stop, run));
                started++;
            }

            _running = next;

            // The reload itself does not wait for ffmpeg to finish: the targets end in the background, and
            // StopAsync waits for them (added under the lock, so a stop that comes now cannot miss them).
            if (unmatched.Count > 0)
            {
                _stopping.RemoveAll(task => task.IsCompleted);
                _stopping.Add(StopAllAsync(unmatched));
            }

            return (next.Count - started, unmatched.Count, started);
        }
    }

    /// <summary>Runs <paramref name="target"/>; a failure nothing foresaw is logged, never lost in an unobserved task.</summary>
    private async Task RunAsync(PublishTarget target, CancellationToken cancellationToken)
    {
        try
        {
            await target.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever ended the target, the operator must read it in the journal.
            Log.TargetFailed(_logger, target.Url.Redacted, ex);
        }
    }

    private async Task StopAllAsync(List<RunningTarget> targets)
    {
        foreach (RunningTarget running in targets)
        {
            await running.Stop.CancelAsync().ConfigureAwait(false);
        }

        // All end at once: StopWait bounds the whole stop, not each target.
        try
        {
            await Task.WhenAll(targets.Select(running => running.Run)).WaitAsync(StopWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Logged by the target if its ffmpeg needed SIGKILL; nothing more to do here.
        }
        catch (OperationCanceledException)
        {
            // Stopped before it had started.
        }

        foreach (RunningTarget running in targets.Where(running => running.Run.IsCompleted))
        {
            running.Stop.Dispose();
        }
    }

    private sealed record RunningTarget(PublishTarget Target, string Ffmpeg, CancellationTokenSource Stop, Task Run);
}
