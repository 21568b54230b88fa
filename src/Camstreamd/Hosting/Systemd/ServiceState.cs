using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// One sd_notify message, encoded once: the fixed states are static so the watchdog ping allocates nothing.
/// See https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html.
/// </summary>
internal sealed class ServiceState
{
    /// <summary>Startup finished: the HTTP endpoint listens and the configuration was valid.</summary>
    public static readonly ServiceState Ready = new("READY=1");

    /// <summary>Shutdown began; systemd then waits up to TimeoutStopSec.</summary>
    public static readonly ServiceState Stopping = new("STOPPING=1");

    /// <summary>Keep-alive for WatchdogSec=; sent only while the daemon is healthy.</summary>
    public static readonly ServiceState Watchdog = new("WATCHDOG=1");

    private readonly byte[] _data;

    private ServiceState(string message)
    {
        Message = message;
        _data = Encoding.UTF8.GetBytes(message);
    }

    /// <summary>The message as sent, e.g. <c>READY=1</c>.</summary>
    public string Message { get; }

    internal ReadOnlySpan<byte> Data => _data;

    /// <summary>
    /// A reload began. systemd 253 and later (Type=notify-reload) want MONOTONIC_USEC= with it, the
    /// CLOCK_MONOTONIC time of the request; systemd 252 ignores the extra field.
    /// </summary>
    public static ServiceState Reloading() =>
        new(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}"));

    /// <summary>A free-form line shown by <c>systemctl status</c>; newlines would end the field, so they become spaces.</summary>
    public static ServiceState Status(string text) =>
        new("STATUS=" + text.ReplaceLineEndings(" "));

    public override string ToString() => Message;

    // Stopwatch reads clock_gettime(CLOCK_MONOTONIC) on Linux, the clock systemd compares against.
    private static long MonotonicMicroseconds() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
