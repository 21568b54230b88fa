using Camstreamd.Tests.Authentication;
using Camstreamd.Tests.Hosting.Systemd;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Tls;

/// <summary>
/// The systemd watchdog's own GET /healthz speaks HTTPS when the port does, with authentication on: it keeps pinging.
/// WatchdogSec=20s as in deploy/camstreamd.service, so the probe has its 5 s even for the first, cold TLS handshake.
/// </summary>
public sealed class TlsWatchdogTests
{
    [Fact]
    public async Task Watchdog_UnderHttpsAndAuthentication_KeepsPinging()
    {
        using TempDirectory directory = new("camstreamd-tls-watchdog-");
        Assert.Equal(0, (await TestCertificates.MakeAsync(directory.Path)).ExitCode);
        using NotifySocketListener listener = NotifySocketListener.Abstract();
        int port = DaemonProcess.FreePort();
        DaemonStart how = new()
        {
            WaitUntilServing = false,
            Environment = new Dictionary<string, string?> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue, ["WATCHDOG_USEC"] = "20000000" },
        };
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            how, port,
            [.. AuthenticationTests.Arguments, $"--Http:Certificate={directory.File("camstreamd.crt")}", $"--Http:CertificateKey={directory.File("camstreamd.key")}"]);

        List<string> seen = new();
        string? ping = await listener.ReceiveUntilAsync(message => { seen.Add(message); return message == "WATCHDOG=1"; }, TimeSpan.FromSeconds(40));
        string? second = await listener.ReceiveUntilAsync(message => { seen.Add(message); return message == "WATCHDOG=1"; }, TimeSpan.FromSeconds(30));

        Assert.True(ping is not null && second is not null, $"no watchdog pings over HTTPS; the daemon sent {string.Join(" | ", seen)}; {daemon.Output}");
        string? unhealthy = seen.Find(message => message.StartsWith("STATUS=unhealthy", StringComparison.Ordinal));
        Assert.True(unhealthy is null, $"{unhealthy}: {daemon.Output}");
    }
}
