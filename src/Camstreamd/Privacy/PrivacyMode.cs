using Microsoft.Extensions.Logging;

namespace Camstreamd.Privacy;

/// <summary>
/// Whether privacy is on: the capture loop releases the camera and sends <see cref="PrivacyPicture"/> instead, the
/// tally light goes off. <see cref="Set"/> is the one way to change it, whoever asks (the GPIO switch or button today;
/// <c>POST /privacy</c> once authentication exists).
/// </summary>
internal sealed class PrivacyMode
{
    private readonly TimeProvider _time;
    private readonly ILogger<PrivacyMode> _logger;
    private readonly Lock _gate = new();
    private bool _on;
    private string? _reason;
    private DateTimeOffset? _since;

    public PrivacyMode(TimeProvider time, ILogger<PrivacyMode> logger)
    {
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after privacy turned on or off, on the thread that called <see cref="Set"/>.</summary>
    public event Action? Changed;

    public bool IsOn
    {
        get
        {
            lock (_gate)
            {
                return _on;
            }
        }
    }

    /// <summary>Who turned privacy on last (or off), for /state.</summary>
    public (bool On, string? Reason, DateTimeOffset? Since) Current
    {
        get
        {
            lock (_gate)
            {
                return (_on, _reason, _since);
            }
        }
    }

    /// <summary>Turns privacy on or off; <paramref name="reason"/> says who asked (logged and shown). False when nothing changed.</summary>
    public bool Set(bool on, string reason)
    {
        lock (_gate)
        {
            if (_on == on)
            {
                return false;
            }

            _on = on;
            _reason = reason;
            _since = _time.GetUtcNow();
        }

        if (on)
        {
            Log.PrivacyOn(_logger, reason);
        }
        else
        {
            Log.PrivacyOff(_logger, reason);
        }

        Changed?.Invoke();
        return true;
    }
}
