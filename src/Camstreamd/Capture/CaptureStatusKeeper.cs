using Camstreamd.Configuration;
using Camstreamd.Sources;
using Camstreamd.Streaming;

namespace Camstreamd.Capture;

/// <summary>
/// The capture loop's state as others read it (/state, /metrics, /healthz, the STATUS line, the GPIO outputs):
/// changed by the capture thread only, read by any thread as one consistent <see cref="CaptureStatus"/>, with the
/// frame rate measured over the frames the loop published.
/// </summary>
internal sealed class CaptureStatusKeeper
{
    private readonly TimeProvider _time;
    private readonly RateMeter _rate;
    private readonly Lock _gate = new();
    private CaptureStatus _status;

    public CaptureStatusKeeper(CameraOptions camera, TimeProvider time)
    {
        _time = time;
        _rate = new RateMeter(time);
        _status = new CaptureStatus(new SourceDescription(camera.Source, camera.Folder, camera.Width, camera.Height, camera.FramesPerSecond), CaptureState.Idle, 0, null, null, 0, 0, time.GetUtcNow());
    }

    /// <summary>Raised after the state changed (not per frame), on the capture thread.</summary>
    public event Action? Changed;

    public CaptureStatus Current
    {
        get
        {
            lock (_gate)
            {
                return _status with { MeasuredFramesPerSecond = _status.State == CaptureState.Running ? _rate.PerSecond(_time.GetTimestamp()) : 0 };
            }
        }
    }

    // The capture thread is the only writer: it reads its own last write without the lock.
    public CaptureState State => _status.State;

    public string? LastError => _status.LastError;

    public string? Warning => _status.Warning;

    /// <summary>A frame was published: counted in the measured rate.</summary>
    public void FramePublished() => _rate.Record(_time.GetTimestamp());

    public void Set(CaptureState state, string? lastError, SourceDescription? description = null, string? warning = null, bool started = false, bool stopped = false)
    {
        bool changed;
        lock (_gate)
        {
            changed = _status.State != state;
            _status = _status with
            {
                State = state,
                LastError = lastError,
                Source = description ?? _status.Source,
                Warning = warning ?? _status.Warning,
                Starts = _status.Starts + (started ? 1 : 0),
                Stops = _status.Stops + (stopped ? 1 : 0),
                StateSince = _status.State == state ? _status.StateSince : _time.GetUtcNow(),
            };
        }

        if (changed)
        {
            Changed?.Invoke();
        }
    }
}
