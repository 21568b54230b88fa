using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Hosting.Systemd;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours: the sd_notify messages Microsoft.Extensions.Hosting.Systemd does not define (it has READY=1 and
/// STOPPING=1 only), built with its public <see cref="ServiceState"/> constructor so the library's notifier sends them.
/// See https://www.freedesktop.org/software/systemd/man/latest/sd_notify.html.
/// </summary>
internal static class SystemdMessages
{
    /// <summary>Keep-alive for WatchdogSec=; encoded once, so the ping allocates nothing.</summary>
    public static readonly ServiceState Watchdog = new("WATCHDOG=1");

    /// <summary>
    /// A reload began. systemd 253 and later (Type=notify-reload) want MONOTONIC_USEC= with it, the
    /// CLOCK_MONOTONIC time of the request; systemd 252 ignores the extra field.
    /// </summary>
    public static ServiceState Reloading() =>
        new(string.Create(CultureInfo.InvariantCulture, $"RELOADING=1\nMONOTONIC_USEC={MonotonicMicroseconds()}"));

    /// <summary>A free-form line shown by <c>systemctl status</c>; newlines would end the field, so they become spaces.</summary>
    public static ServiceState Status(string text) =>
        new("STATUS=" + text.ReplaceLineEndings(" "));

    // Stopwatch reads clock_gettime(CLOCK_MONOTONIC) on Linux, the clock systemd compares against.
    private static long MonotonicMicroseconds() =>
        (long)(Stopwatch.GetTimestamp() * (1_000_000.0 / Stopwatch.Frequency));
}
