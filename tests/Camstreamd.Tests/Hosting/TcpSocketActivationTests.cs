using System.Net.Sockets;
using System.Text.Json;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting;

/// <summary>
/// The real binary started by systemd-socket-activate(1) with the TCP stream's socket, as camstreamd.socket with a
/// second ListenStream= passes it: the one on Tcp:Port is the TCP stream's, any other Kestrel's. A TCP reader wakes
/// the daemon, counts as a viewer for Streaming:ExitWhenIdle, and once it leaves the daemon exits 0.
/// </summary>
public sealed class TcpSocketActivationTests
{
    private static readonly string[] TestPattern = ["--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=10"];

    [Fact]
    public async Task PassedTcpSocket_WakesTheDaemon_KeepsItUpWhileReading_AndItExitsWhenIdleAfterwards()
    {
        int httpPort = DaemonProcess.FreePort();
        int tcpPort = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonStart.SocketActivated(httpPort, tcpPort), httpPort,
            [.. TestPattern, $"--Tcp:Port={tcpPort}", "--Streaming:ExitWhenIdle=true", "--Streaming:IdleTimeout=2"]);

        using TcpStreamReader reader = await ConnectWhenListeningAsync(tcpPort);
        // A cold start under load takes seconds before the first frame.
        Assert.NotNull(await reader.ReadFrameAsync(TimeSpan.FromSeconds(60)));
        using (HttpClient http = new()
        { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) })
        {
            // Disposed at once: an open keep-alive HTTP connection would rightly postpone the exit.
            using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync(new Uri("/state", UriKind.Relative)));
            Assert.Equal("tcp", Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray()).GetProperty("kind").GetString());
        }

        // systemd-socket-activate execs the daemon in its own process (no accept mode): its descriptors and exit are the daemon's.
        Assert.True(FileDescriptors.IsCloseOnExec(daemon.ProcessId, tcpPort), $"the TCP stream's passed socket is not close-on-exec in the daemon\n{daemon.Output}");

        // Longer than IdleTimeout: the reader is a viewer, so the daemon stays.
        DateTime until = DateTime.UtcNow.AddSeconds(4);
        while (DateTime.UtcNow < until)
        {
            Assert.NotNull(await reader.ReadFrameAsync(TimeSpan.FromSeconds(10)));
        }

        reader.Dispose();
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.True(daemon.ExitCode == 0, daemon.Output);
        Assert.Contains("exiting", daemon.Output, StringComparison.Ordinal);
    }

    // A .socket unit with only the TCP stream's ListenStream=: Kestrel got no passed socket, so it binds Http:Port
    // itself. It once fell back to Kestrel's default, http://localhost:5000, because socket activation counted as "HTTP
    // listens on the passed sockets" whether or not one was left for it.
    [Fact]
    public async Task OnlyTheTcpSocketPassed_HttpListensOnHttpPort()
    {
        int httpPort = DaemonProcess.FreePort();
        int tcpPort = DaemonProcess.FreePort();
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonStart.SocketActivated(tcpPort), httpPort,
            [.. TestPattern, $"--Tcp:Port={tcpPort}"]);

        using TcpStreamReader reader = await ConnectWhenListeningAsync(tcpPort);
        Assert.NotNull(await reader.ReadFrameAsync(TimeSpan.FromSeconds(60)));
        using HttpClient http = new() { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        // The first frame came after the host started, so Kestrel listens by now; a few retries cover a loaded machine.
        string state = await Eventually.SucceedsAsync<string, HttpRequestException>(
            () => http.GetStringAsync(new Uri("/state", UriKind.Relative)), TimeSpan.FromSeconds(10));

        using JsonDocument document = JsonDocument.Parse(state);
        Assert.Equal("tcp", Assert.Single(document.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray()).GetProperty("kind").GetString());
        Assert.True(FileDescriptors.IsCloseOnExec(daemon.ProcessId, tcpPort), daemon.Output);
    }

    // The start returned once systemd-socket-activate was listening: this connection wakes the daemon.
    private static Task<TcpStreamReader> ConnectWhenListeningAsync(int port) => TcpStreamReader.ConnectAsync(port);
}
