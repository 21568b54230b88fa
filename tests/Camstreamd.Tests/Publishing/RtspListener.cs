using System.Diagnostics;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// A receiving RTSP server: ffmpeg in listen mode (<c>-rtsp_flags listen</c>) that records what a publisher
/// sends to a Matroska file without re-encoding. It takes one publisher, then ends.
/// </summary>
internal sealed class RtspListener : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ProcessOutput _output = new();

    private RtspListener(Process process, string recording)
    {
        _process = process;
        Recording = recording;
    }

    public string Recording { get; }

    public string Output => _output.ToString();

    public bool HasExited => _process.HasExited;

    public static async Task<RtspListener> StartAsync(int port, string recording)
    {
        ProcessStartInfo start = new("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (string argument in (string[])["-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-rtsp_flags", "listen", "-i", $"rtsp://127.0.0.1:{port}/cam", "-c", "copy", recording])
        {
            start.ArgumentList.Add(argument);
        }

        RtspListener listener = new(Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start"), recording);
        listener._output.Follow(listener._process);
        await ListeningPorts.WaitAsync(port, "ffmpeg's RTSP listener");
        return listener;
    }

    /// <summary>Ends the recording cleanly (SIGINT: ffmpeg writes the file's index) and waits for ffmpeg.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            using Process kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>The server dies: SIGKILL, no goodbye to the publisher.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await WaitForExitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using CancellationTokenSource deadline = new(timeout);
        await _process.WaitForExitAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessTermination.KillTreeAsync(_process, TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
