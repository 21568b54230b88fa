using System.Diagnostics;
using System.Globalization;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// The real binary started by systemd-socket-activate(1), the way a .socket unit starts it: the request that
/// woke it is answered on the passed socket, and that socket is close-on-exec in the daemon, so a program it
/// starts (Camera:Source=command) does not inherit the listening socket.
/// </summary>
public sealed class SocketActivationDaemonTests : IDisposable
{
    // O_CLOEXEC as /proc/PID/fdinfo shows it (octal), for a descriptor whose FD_CLOEXEC flag is set.
    private const int OCloexec = 0x80000;

    private readonly string _config = Path.Combine(Path.GetTempPath(), $"camstreamd-socket-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task PassedSocket_AnswersTheFirstRequest_AndIsNotInheritedByChildren()
    {
        await File.WriteAllTextAsync(_config, "{}");
        int port = DaemonProcess.FreePort();
        var start = new ProcessStartInfo("systemd-socket-activate") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-l", $"127.0.0.1:{port}", "dotnet", Path.Combine(AppContext.BaseDirectory, "camstreamd.dll"),
            "--config", _config, "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process activator = Process.Start(start)!;
        var output = new ProcessOutput();
        output.Follow(activator);
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            string health = await GetWhenListeningAsync(client, new Uri($"http://127.0.0.1:{port}/healthz"));
            int daemon = FindDaemonProcess();
            string fdInfo = await File.ReadAllTextAsync($"/proc/{daemon}/fdinfo/3");
            int flags = int.Parse(fdInfo.Split('\n').Single(line => line.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
            int octalFlags = Convert.ToInt32(flags.ToString(CultureInfo.InvariantCulture), 8);
            string state = await client.GetStringAsync(new Uri($"http://127.0.0.1:{port}/state"));

            Assert.Contains("ok", health, StringComparison.OrdinalIgnoreCase);
            Assert.True((octalFlags & OCloexec) != 0, $"fd 3 of the daemon is not close-on-exec: {fdInfo}\n{output}");
            Assert.Contains("\"testpattern\"", state, StringComparison.Ordinal);
        }
        finally
        {
            await ProcessTermination.KillTreeAsync(activator, TimeSpan.FromSeconds(10));
        }
    }

    public void Dispose() => File.Delete(_config);

    // systemd-socket-activate binds before it prints "Listening on"; until then a connect is refused.
    private static async Task<string> GetWhenListeningAsync(HttpClient client, Uri uri)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                return await client.GetStringAsync(uri);
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
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
