using System.Diagnostics;
using System.Globalization;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// A receiving RTSP server that demands a password (Digest only): GStreamer's RTSP server in record mode
/// (rtsp_auth_server.py, Debian's python3-gi and gir1.2-gst-rtsp-server-1.0), writing each RTP/JPEG frame it
/// receives as a JPEG file in <see cref="Folder"/>. Optionally over TLS (RTSPS, with a certificate the test made)
/// or taking the media over UDP only.
/// </summary>
internal sealed class RtspAuthServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private RtspAuthServer(Process process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public int Port { get; }

    public string Folder { get; }

    public string Output => _output.ToString();

    public int FramesReceived => Directory.GetFiles(Folder, "*.jpg").Length;

    /// <param name="tls">The PEM certificate and key files to serve RTSPS with, or null for plain RTSP.</param>
    /// <param name="udpOnly">True to accept RTP over UDP only (SETUP with client_port), refusing it interleaved.</param>
    public static async Task<RtspAuthServer> StartAsync(string user, string password, string folder, (string Certificate, string Key)? tls = null, bool udpOnly = false)
    {
        int port = DaemonProcess.FreePort();
        ProcessStartInfo start = new("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] options = [.. tls is { } files ? ["--tls", files.Certificate, files.Key] : Array.Empty<string>(), .. udpOnly ? ["--udp"] : Array.Empty<string>()];
        foreach (string argument in (string[])[Path.Combine(AppContext.BaseDirectory, "Publishing", "rtsp_auth_server.py"), port.ToString(CultureInfo.InvariantCulture), user, password, folder, .. options])
        {
            start.ArgumentList.Add(argument);
        }

        Directory.CreateDirectory(folder);
        RtspAuthServer server = new(Process.Start(start) ?? throw new InvalidOperationException("python3 did not start"), port, folder);
        server._output.Follow(server._process);
        await Eventually.TrueAsync(() => server.Output.Contains("listening", StringComparison.Ordinal) || server._process.HasExited, TimeSpan.FromSeconds(30), () => server.Output);
        Assert.False(server._process.HasExited, $"the RTSP server ended: {server.Output}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.KillTreeAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
