using System.Diagnostics;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// nginx with Debian's RTMP module (libnginx-mod-rtmp) on a free loopback port, configured by the test:
/// one application <c>live</c> that records every stream published to it as FLV in <see cref="RecordingFolder"/>.
/// One process (no master, no daemon), everything in a temporary folder, killed on dispose.
/// </summary>
internal sealed class NginxRtmpServer : IAsyncDisposable
{
    private const string Module = "/usr/lib/nginx/modules/ngx_rtmp_module.so";

    private readonly Process _process;
    private readonly TempDirectory _directory;
    private readonly ProcessOutput _output = new();

    private NginxRtmpServer(Process process, TempDirectory directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string RecordingFolder => _directory.Path;

    public string Output => _output.ToString() + (File.Exists(_directory.File("error.log")) ? File.ReadAllText(_directory.File("error.log")) : "");

    public static async Task<NginxRtmpServer> StartAsync()
    {
        Assert.True(File.Exists(Module), $"{Module} is missing: install libnginx-mod-rtmp (make deps)");
        TempDirectory directory = new("camstreamd-nginx-");
        int port = DaemonProcess.FreePort();
        string config = directory.File("nginx.conf");
        await File.WriteAllTextAsync(config, $$"""
            load_module {{Module}};
            daemon off;
            master_process off;
            pid {{directory.File("nginx.pid")}};
            error_log {{directory.File("error.log")}} info;
            events { worker_connections 64; }
            rtmp {
                server {
                    listen 127.0.0.1:{{port}};
                    application live {
                        live on;
                        record all;
                        record_path {{directory.Path}};
                        record_unique off;
                    }
                }
            }
            """);
        ProcessStartInfo start = new("nginx") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])["-c", config, "-p", directory.Path + "/"])
        {
            start.ArgumentList.Add(argument);
        }

        NginxRtmpServer server = new(Process.Start(start) ?? throw new InvalidOperationException("nginx did not start"), directory, port);
        server._output.Follow(server._process);
        await ListeningPorts.WaitAsync(port, "nginx");
        return server;
    }

    /// <summary>Stops nginx (SIGQUIT: graceful, it closes its recordings) and waits for it.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", ["-QUIT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using CancellationTokenSource deadline = new(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.KillTreeAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
        _directory.Dispose();
    }
}
