using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Camstreamd.Configuration.Reload;
using Camstreamd.Publishing;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// A server that accepts the connection and then says nothing (a TCP listener the test never reads from):
/// ffmpeg waits in the RTMP handshake, stops reading its stdin, and our write to that pipe blocks. With
/// Streaming:StallTimeout far away, only the stop itself can end that write.
/// </summary>
public sealed class StalledServerTests : IDisposable
{
    private static readonly TimeSpan StateWait = TimeSpan.FromSeconds(30);

    // A target's ending: ffmpeg's 2 s flush, SIGTERM's 2 s grace, SIGKILL; generous for a loaded machine.
    private static readonly TimeSpan StopBound = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new("camstreamd-stalled-");

    [Fact]
    public async Task ServerStopsReading_ReloadAndShutdown_StopTheTargetWithinABound_AndLeaveNoFfmpeg()
    {
        using TcpListener silent = new(IPAddress.Loopback, 0);
        silent.Start(backlog: 8);
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        string kept = $"rtmp://127.0.0.1:{port}/live/kept";
        string removed = $"rtmp://127.0.0.1:{port}/live/removed";
        string config = _directory.File("appsettings.json");
        await File.WriteAllTextAsync(config, Targets(kept, removed));
        CamstreamdServer server = await CamstreamdServer.StartAsync(
            "--Camera:Source=testpattern", "--Camera:Width=640", "--Camera:Height=360", "--Camera:FramesPerSecond=25", "--Streaming:StallTimeout=00:30:00", "--config", config);
        bool disposed = false;
        try
        {
            PublishService publish = server.Get<PublishService>();

            // Frames dropped in numbers: a write is pending and ffmpeg no longer reads its pipe.
            await Eventually.TrueAsync(() => publish.Targets.Count == 2 && publish.Targets.All(t => t.Pid > 0 && t.FramesDropped > 50), StateWait, () => string.Join("; ", publish.Targets));
            int removedPid = publish.Targets[1].Pid;
            int keptPid = publish.Targets[0].Pid;

            await File.WriteAllTextAsync(config, Targets(kept));
            Assert.True(await server.Get<ConfigurationReloadService>().ReloadAsync("test"));
            await Eventually.TrueAsync(() => !IsRunning(removedPid), StopBound, () => $"ffmpeg {removedPid} for the removed target still runs");
            Assert.Equal(keptPid, Assert.Single(publish.Targets).Pid);
            Assert.True(IsRunning(keptPid), "the kept target's ffmpeg runs on");

            long stopping = Stopwatch.GetTimestamp();
            Task dispose = server.DisposeAsync().AsTask();
            disposed = true;
            Assert.Same(dispose, await Task.WhenAny(dispose, Task.Delay(StopBound)));
            await dispose;
            Assert.InRange(Stopwatch.GetElapsedTime(stopping), TimeSpan.Zero, StopBound);
            await Eventually.TrueAsync(() => !IsRunning(keptPid), TimeSpan.FromSeconds(5), () => $"ffmpeg {keptPid} outlived the daemon");
            Assert.Equal(0, FfmpegCensus.Count($"127.0.0.1:{port}"));
        }
        finally
        {
            if (!disposed)
            {
                await server.DisposeAsync();
            }
        }
    }

    public void Dispose() => _directory.Dispose();

    private static string Targets(params string[] urls) =>
        JsonSerializer.Serialize(new { Publish = new { Targets = urls.Select(url => new { Url = url }).ToArray() } });

    /// <summary>Running: a /proc entry that is not a zombie (a reaped or exited process has none or state Z).</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
