using Camstreamd.Hosting.Systemd;

namespace Camstreamd.Tests.Hosting.Systemd;

public sealed class SystemdNotifierTests
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Notify_PathSocket_DeliversOneDatagram()
    {
        using var listener = NotifySocketListener.AtPath();
        var notifier = new SystemdNotifier(listener.NotifySocketValue);

        Assert.True(notifier.IsEnabled);
        Assert.True(notifier.Notify(ServiceState.Ready));
        Assert.Equal("READY=1", await listener.ReceiveAsync(ReceiveTimeout));
    }

    [Fact]
    public async Task Notify_AbstractSocket_MapsAtSignToAbstractNamespace()
    {
        using var listener = NotifySocketListener.Abstract();
        var notifier = new SystemdNotifier(listener.NotifySocketValue);

        Assert.True(notifier.Notify(ServiceState.Stopping));
        Assert.Equal("STOPPING=1", await listener.ReceiveAsync(ReceiveTimeout));
    }

    [Fact]
    public async Task Notify_SeveralStates_EachIsItsOwnDatagram()
    {
        using var listener = NotifySocketListener.AtPath();
        var notifier = new SystemdNotifier(listener.NotifySocketValue);

        notifier.Notify(ServiceState.Watchdog);
        notifier.Notify(ServiceState.Status("testpattern 1280x720\n30 fps"));

        Assert.Equal("WATCHDOG=1", await listener.ReceiveAsync(ReceiveTimeout));
        Assert.Equal("STATUS=testpattern 1280x720 30 fps", await listener.ReceiveAsync(ReceiveTimeout));
    }

    [Fact]
    public async Task Notify_Reloading_CarriesMonotonicTimestamp()
    {
        using var listener = NotifySocketListener.AtPath();
        var notifier = new SystemdNotifier(listener.NotifySocketValue);

        notifier.Notify(ServiceState.Reloading());

        var message = await listener.ReceiveAsync(ReceiveTimeout);
        Assert.NotNull(message);
        var lines = message.Split('\n');
        Assert.Equal("RELOADING=1", lines[0]);
        Assert.StartsWith("MONOTONIC_USEC=", lines[1], StringComparison.Ordinal);
        var usec = long.Parse(lines[1]["MONOTONIC_USEC=".Length..], System.Globalization.CultureInfo.InvariantCulture);
        // CLOCK_MONOTONIC counts from boot: the value must match /proc/uptime to within a few seconds.
        var uptimeSeconds = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(usec / 1_000_000.0, uptimeSeconds - 5, uptimeSeconds + 5);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Notify_NoSocket_IsDisabledAndSendsNothing(string? value)
    {
        var notifier = new SystemdNotifier(value);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify(ServiceState.Ready));
    }

    [Fact]
    public void Notify_SocketGone_ReturnsFalseWithoutThrowing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"camstreamd-missing-{Guid.NewGuid():N}.sock");
        var notifier = new SystemdNotifier(missing);

        Assert.True(notifier.IsEnabled);
        Assert.False(notifier.Notify(ServiceState.Ready));
    }
}
