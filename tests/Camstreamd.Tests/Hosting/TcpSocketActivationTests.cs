using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting;

/// <summary>
/// The real binary started by systemd-socket-activate(1) with two sockets, as camstreamd.socket with a second
/// ListenStream= passes them: the one on Tcp:Port is the TCP stream's, the other Kestrel's. A TCP reader wakes
/// the daemon, counts as a viewer for Streaming:ExitWhenIdle, and once it leaves the daemon exits 0.
/// </summary>
public sealed class TcpSocketActivationTests : IDisposable
{
    // O_CLOEXEC as /proc/PID/fdinfo shows it (octal).
    private const int OCloexec = 0x80000;

    private readonly string _config = Path.Combine(Path.GetTempPath(), $"camstreamd-tcp-socket-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task PassedTcpSocket_WakesTheDaemon_KeepsItUpWhileReading_AndItExitsWhenIdleAfterwards()
    {
        await File.WriteAllTextAsync(_config, "{}");
        int httpPort = DaemonProcess.FreePort();
        int tcpPort = DaemonProcess.FreePort();
        var start = new ProcessStartInfo("systemd-socket-activate") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-l", $"127.0.0.1:{httpPort}", "-l", $"127.0.0.1:{tcpPort}", "dotnet", Path.Combine(AppContext.BaseDirectory, "camstreamd.dll"),
            "--config", _config, "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120", "--Camera:FramesPerSecond=10",
            $"--Tcp:Port={tcpPort}", "--Streaming:ExitWhenIdle=true", "--Streaming:IdleTimeout=2"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process activator = Process.Start(start)!;
        var output = new ProcessOutput();
        output.Follow(activator);
        try
        {
            using TcpStreamReader reader = await ConnectWhenListeningAsync(tcpPort);
            // A cold start under load takes seconds before the first frame.
            Assert.NotNull(await reader.ReadFrameAsync(TimeSpan.FromSeconds(60)));
            using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(30) })
            {
                // Disposed at once: an open keep-alive HTTP connection would rightly postpone the exit.
                using JsonDocument state = JsonDocument.Parse(await http.GetStringAsync(new Uri("/state", UriKind.Relative)));
                Assert.Equal("tcp", Assert.Single(state.RootElement.GetProperty("stream").GetProperty("clients").EnumerateArray()).GetProperty("kind").GetString());
            }

            int daemon = FindDaemonProcess();
            Assert.True(IsCloseOnExec(daemon, tcpPort), $"the TCP stream's passed socket is not close-on-exec in the daemon\n{output}");

            // Longer than IdleTimeout: the reader is a viewer, so the daemon stays.
            DateTime until = DateTime.UtcNow.AddSeconds(4);
            while (DateTime.UtcNow < until)
            {
                Assert.NotNull(await reader.ReadFrameAsync(TimeSpan.FromSeconds(10)));
            }

            reader.Dispose();
            // systemd-socket-activate execs the daemon in its own process (no accept mode): its exit is the daemon's.
            Assert.Equal(activator.Id, daemon);
            await activator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(activator.ExitCode == 0, output.ToString());
            Assert.Contains("exiting", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ProcessTermination.KillTreeAsync(activator, TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose() => File.Delete(_config);

    private static async Task<TcpStreamReader> ConnectWhenListeningAsync(int port)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                return await TcpStreamReader.ConnectAsync(port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    // The daemon's descriptor whose socket listens on the port: find it through /proc/PID/fd and /proc/net/tcp's inode.
    private static bool IsCloseOnExec(int pid, int port)
    {
        string hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        string inode = File.ReadAllLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(fields => fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == "0A")[9];
        foreach (string fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            if (new FileInfo(fd).LinkTarget == $"socket:[{inode}]")
            {
                string info = File.ReadAllText($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}");
                string flags = info.Split('\n').Single(line => line.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim();
                return (Convert.ToInt32(flags, 8) & OCloexec) != 0;
            }
        }

        throw new InvalidOperationException($"no descriptor of process {pid} is the socket listening on {port}");
    }

    private int FindDaemonProcess()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out int pid))
            {
                try
                {
                    string commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                    if (commandLine.Contains(_config, StringComparison.Ordinal) && commandLine.Contains("camstreamd.dll", StringComparison.Ordinal)
                        && !commandLine.StartsWith("systemd-socket-activate", StringComparison.Ordinal))
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
            }
        }

        throw new InvalidOperationException("the daemon's process was not found");
    }
}
