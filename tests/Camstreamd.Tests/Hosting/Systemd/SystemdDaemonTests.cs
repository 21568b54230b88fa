using System.Diagnostics;
using System.Globalization;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// The real binary given a NOTIFY_SOCKET by its parent, as systemd does for a Type=notify unit: the library's
/// lifetime and notifier, registered on NOTIFY_SOCKET alone (the parent here is not named systemd).
/// </summary>
public sealed class SystemdDaemonTests : IDisposable
{
    private static readonly TimeSpan StartWait = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(20);

    private readonly string _config = Path.Combine(Path.GetTempPath(), $"camstreamd-notify-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_config);

    [Fact]
    public async Task Start_AbstractNotifySocket_StatusThenReadyWhileServing_StoppingAndExitZeroOnSigterm()
    {
        using var listener = NotifySocketListener.Abstract();
        int port = DaemonProcess.FreePort();
        using Process daemon = await StartAsync(listener.NotifySocketValue, port);
        var output = new ProcessOutput();
        output.Follow(daemon);
        try
        {
            var status = await listener.ReceiveAsync(StartWait);
            var ready = await listener.ReceiveAsync(StartWait);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string state = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/state"));

            Assert.NotNull(status);
            Assert.StartsWith("STATUS=testpattern 160x120", status, StringComparison.Ordinal);
            Assert.Equal("READY=1", ready);
            Assert.Contains("\"testpattern\"", state, StringComparison.Ordinal);

            await SignalAsync(daemon, "TERM");
            Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "STOPPING=1", StopWait));
            await daemon.WaitForExitAsync().WaitAsync(StopWait);
            Assert.True(daemon.ExitCode == 0, $"exit code {daemon.ExitCode}: {output}");
        }
        finally
        {
            await ProcessTermination.KillTreeAsync(daemon, TimeSpan.FromSeconds(10));
        }
    }

    // SIGHUP goes to this daemon alone. Sent to the test process instead (as an in-process test once did), it
    // reached every host the parallel tests were running, each with its own SIGHUP registration, and the
    // reload under test was not observed within 10 s in one CI run: a signal is process-wide, a host is not.
    [Fact]
    public async Task Sighup_ReloadingThenReady_AndKeepsServing()
    {
        using var listener = NotifySocketListener.Abstract();
        int port = DaemonProcess.FreePort();
        using Process daemon = await StartAsync(listener.NotifySocketValue, port);
        var output = new ProcessOutput();
        output.Follow(daemon);
        try
        {
            Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "READY=1", StartWait));

            await SignalAsync(daemon, "HUP");

            string? reloading = await listener.ReceiveUntilAsync(m => m.StartsWith("RELOADING=1", StringComparison.Ordinal), StopWait);
            Assert.NotNull(reloading);
            Assert.Matches("^RELOADING=1\nMONOTONIC_USEC=[0-9]+$", reloading);
            Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "READY=1", StopWait));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string state = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/state"));
            Assert.Contains("\"testpattern\"", state, StringComparison.Ordinal);
            Assert.False(daemon.HasExited, $"SIGHUP ended the daemon: {output}");
            Assert.Contains("SIGHUP", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ProcessTermination.KillTreeAsync(daemon, TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public async Task Start_NotifySocketGone_ServesAndStopsCleanly()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"camstreamd-missing-{Guid.NewGuid():N}.sock");
        int port = DaemonProcess.FreePort();
        using Process daemon = await StartAsync(missing, port);
        var output = new ProcessOutput();
        output.Follow(daemon);
        try
        {
            string state = await GetWhenServingAsync(daemon, new Uri($"http://127.0.0.1:{port}/state"), output);
            Assert.Contains("\"testpattern\"", state, StringComparison.Ordinal);

            await SignalAsync(daemon, "TERM");
            await daemon.WaitForExitAsync().WaitAsync(StopWait);
            Assert.True(daemon.ExitCode == 0, $"exit code {daemon.ExitCode}: {output}");
            Assert.Contains("systemd: could not send STATUS=testpattern 160x120", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await ProcessTermination.KillTreeAsync(daemon, TimeSpan.FromSeconds(10));
        }
    }

    private async Task<Process> StartAsync(string notifySocket, int port)
    {
        await File.WriteAllTextAsync(_config, "{}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "camstreamd.dll"), "--config", _config,
            "--Http:Address=127.0.0.1", $"--Http:Port={port}", "--Camera:Source=testpattern", "--Camera:Width=160", "--Camera:Height=120"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["NOTIFY_SOCKET"] = notifySocket;
        foreach (string variable in (string[])["WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "JOURNAL_STREAM", "INVOCATION_ID"])
        {
            start.Environment.Remove(variable);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, kill.ExitCode);
    }

    private static async Task<string> GetWhenServingAsync(Process daemon, Uri uri, ProcessOutput output)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        long deadline = Stopwatch.GetTimestamp() + (long)(StartWait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Assert.False(daemon.HasExited, $"the daemon exited before serving: {output}");
            try
            {
                return await http.GetStringAsync(uri);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
