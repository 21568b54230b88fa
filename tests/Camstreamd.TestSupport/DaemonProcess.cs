using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Camstreamd.TestSupport;

/// <summary>
/// The real daemon binary (<see cref="DaemonBinary"/>: camstreamd.dll beside the test binaries, or the AOT binary) in a process of its own, on
/// 127.0.0.1 at a given port, with an empty configuration file standing in for /etc. Ready once it
/// answers /state; killed and waited for on dispose. Its output is kept for failure messages.
/// <see cref="DaemonStart"/> sets its environment or a launcher (systemd-socket-activate).
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _config;
    private readonly ProcessOutput _output = new();

    private DaemonProcess(Process process, string config, int port)
    {
        _process = process;
        _config = config;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public string Output => _output.ToString();

    /// <summary>The started process's id; a launcher such as systemd-socket-activate execs the daemon in it.</summary>
    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Waits until <paramref name="text"/> is in the daemon's output; a <see cref="TimeoutException"/> with the output after
    /// <paramref name="timeout"/>. For a line the daemon logs after an effect a test can see: the console logger writes on
    /// its own thread, so the line can come a moment after the effect.
    /// </summary>
    public Task WaitForOutputAsync(string text, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Output.Contains(text, StringComparison.Ordinal), timeout, () => $"'{text}' is not in the output: {Output}");

    /// <summary>Waits for the daemon to exit on its own; a <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Sends <paramref name="signal"/> (a kill(1) name such as TERM or HUP) to the daemon alone.</summary>
    public async Task SignalAsync(string signal)
    {
        using Process kill = Process.Start("kill", [$"-{signal}", ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {ProcessId} exited with {kill.ExitCode}");
        }
    }

    public static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Task<DaemonProcess> StartAsync(int port, params string[] arguments) => StartAsync(new DaemonStart(), port, arguments);

    /// <summary>As <see cref="StartAsync(int, string[])"/>, with the environment and launcher of <paramref name="how"/>.</summary>
    public static async Task<DaemonProcess> StartAsync(DaemonStart how, int port, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(how);
        string config = Path.Combine(Path.GetTempPath(), $"camstreamd-daemon-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "{}");
        string[] program = how.NativeCopy is null ? [DaemonBinary.Program, .. DaemonBinary.Arguments] : [how.NativeCopy];
        string[] command = [.. how.Launcher, .. program, "--config", config, "--Http:Address=127.0.0.1", $"--Http:Port={port}", .. arguments];
        ProcessStartInfo start = new(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string? value) in how.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        DaemonProcess daemon = new(Process.Start(start) ?? throw new InvalidOperationException($"{command[0]} did not start"), config, port);
        daemon._output.Follow(daemon._process);
        try
        {
            await daemon.WaitUntilListeningAsync(how.ListeningLines);
            if (how.WaitUntilServing)
            {
                await daemon.WaitUntilServingAsync();
            }

            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.KillTreeAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
        File.Delete(_config);
    }

    private async Task WaitUntilListeningAsync(IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }

        long deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!lines.All(line => Output.Contains(line, StringComparison.Ordinal)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{_process.StartInfo.FileName} exited with {_process.ExitCode} before listening: {Output}");
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                throw new TimeoutException($"{_process.StartInfo.FileName} did not print [{string.Join(", ", lines)}] within {StartTimeout.TotalSeconds} s: {Output}");
            }

            await Task.Delay(20);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using HttpClient http = new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        long deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"camstreamd exited with {_process.ExitCode} before serving: {Output}");
            }

            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri("state", UriKind.Relative));
                // 401: serving, with Auth:Users set.
                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"camstreamd did not answer /state on port {Port} within {StartTimeout.TotalSeconds} s: {Output}");
    }
}
