using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Camstreamd.TestSupport;

/// <summary>
/// The real daemon binary in a process of its own, on 127.0.0.1 and a free port, with an empty
/// configuration file standing in for /etc. Killed (and waited for) on dispose.
/// </summary>
public sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _config;

    private DaemonProcess(Process process, string config, Uri baseAddress)
    {
        _process = process;
        _config = config;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<DaemonProcess> StartAsync(string daemonDll, params string[] arguments)
    {
        int port = FreePort();
        string config = Path.Combine(Path.GetTempPath(), $"camstreamd-daemon-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, "{}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[daemonDll, "--config", config, "--Http:Address=127.0.0.1", $"--Http:Port={port}", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start the daemon");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var daemon = new DaemonProcess(process, config, new Uri($"http://127.0.0.1:{port}/"));
        using var http = new HttpClient { BaseAddress = daemon.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync("/healthz")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(30),
            () => process.HasExited ? $"the daemon exited with {process.ExitCode}" : "the daemon does not answer /healthz");
        return daemon;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        File.Delete(_config);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
