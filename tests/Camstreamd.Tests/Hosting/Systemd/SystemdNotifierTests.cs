using Camstreamd.Hosting.Systemd;
using Microsoft.Extensions.Hosting.Systemd;

namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// Microsoft.Extensions.Hosting.Systemd's notifier as the daemon creates it (from NOTIFY_SOCKET), sending our
/// messages through <see cref="SystemdNotifierExtensions.TryNotify"/> to a real datagram socket.
/// </summary>
[Collection(NotifySocketCollection.Name)]
public sealed class SystemdNotifierTests
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TryNotify_PathSocket_DeliversOneDatagram()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        SystemdNotifier notifier = Create(listener.NotifySocketValue);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.TryNotify(ServiceState.Ready));
        Assert.Equal("READY=1", await listener.ReceiveAsync(ReceiveTimeout));
    }

    [Fact]
    public async Task TryNotify_AbstractSocket_MapsAtSignToAbstractNamespace()
    {
        using NotifySocketListener listener = NotifySocketListener.Abstract();
        SystemdNotifier notifier = Create(listener.NotifySocketValue);

        Assert.True(notifier.TryNotify(ServiceState.Stopping));
        Assert.Equal("STOPPING=1", await listener.ReceiveAsync(ReceiveTimeout));
    }

    [Fact]
    public async Task TryNotify_SeveralStates_EachIsItsOwnDatagram()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        SystemdNotifier notifier = Create(listener.NotifySocketValue);

        Assert.True(notifier.TryNotify(SystemdMessages.Watchdog));
        Assert.True(notifier.TryNotify(SystemdMessages.Status("testpattern 1280x720\n30 fps")));

        Assert.Equal("WATCHDOG=1", await listener.ReceiveAsync(ReceiveTimeout));
        Assert.Equal("STATUS=testpattern 1280x720 30 fps", await listener.ReceiveAsync(ReceiveTimeout));
    }

    [Fact]
    public async Task TryNotify_Reloading_CarriesMonotonicTimestamp()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        SystemdNotifier notifier = Create(listener.NotifySocketValue);

        Assert.True(notifier.TryNotify(SystemdMessages.Reloading()));

        string? message = await listener.ReceiveAsync(ReceiveTimeout);
        Assert.NotNull(message);
        string[] lines = message.Split('\n');
        Assert.Equal("RELOADING=1", lines[0]);
        Assert.StartsWith("MONOTONIC_USEC=", lines[1], StringComparison.Ordinal);
        long usec = long.Parse(lines[1]["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        // CLOCK_MONOTONIC counts from boot: the value must match /proc/uptime to within a few seconds.
        double uptimeSeconds = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(usec / 1_000_000.0, uptimeSeconds - 5, uptimeSeconds + 5);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryNotify_NoSocket_IsDisabledAndSendsNothing(string? value)
    {
        SystemdNotifier notifier = Create(value);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.TryNotify(ServiceState.Ready));
    }

    [Fact]
    public void TryNotify_SocketGone_ReturnsFalseWithoutThrowing()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"camstreamd-missing-{Guid.NewGuid():N}.sock");
        SystemdNotifier notifier = Create(missing);

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.TryNotify(ServiceState.Ready));
    }

    // As the daemon does: the library's public constructor reads NOTIFY_SOCKET.
    private static SystemdNotifier Create(string? notifySocket)
    {
        using (NotifySocketVariable.Set(notifySocket))
        {
            return new SystemdNotifier();
        }
    }
}
