using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// The real binary started by systemd-socket-activate(1), the way a .socket unit starts it: the request that
/// woke it is answered on the passed socket, and that socket is close-on-exec in the daemon, so a program it
/// starts (Camera:Source=command) does not inherit the listening socket.
/// </summary>
public sealed class SocketActivationDaemonTests
{
    [Fact]
    public async Task PassedSocket_AnswersTheFirstRequest_AndIsNotInheritedByChildren()
    {
        int port = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonStart.SocketActivated(port), port,
            "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120");
        using HttpClient client = new() { Timeout = TimeSpan.FromSeconds(30) };

        // The start returned once systemd-socket-activate was listening: this request wakes the daemon.
        string health = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
        bool closeOnExec = FileDescriptors.IsCloseOnExec(daemon.ProcessId, port);
        string state = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/state"));

        Assert.Contains("ok", health, StringComparison.OrdinalIgnoreCase);
        Assert.True(closeOnExec, $"the daemon's passed socket is not close-on-exec\n{daemon.Output}");
        Assert.Contains("\"testpattern\"", state, StringComparison.Ordinal);
    }
}
