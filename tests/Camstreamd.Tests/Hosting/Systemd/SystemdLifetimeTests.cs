using Camstreamd.Hosting.Systemd;
using Camstreamd.Tests.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Hosting.Systemd;

[Collection(NotifySocketCollection.Name)]
public sealed class SystemdLifetimeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_UnderSystemd_SendsStatusThenReady_AndStoppingOnStop()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        FixedStatusSource status = new();
        await using WebApplication app = SystemdTestHost.Build(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue }, status);

        await app.StartAsync();

        Assert.Equal("STATUS=testpattern 640x480, idle, 0 viewers", await listener.ReceiveAsync(Wait));
        Assert.Equal("READY=1", await listener.ReceiveAsync(Wait));
        Assert.NotEmpty(app.Urls);

        status.Status = status.Status with { Viewers = 3, Streaming = true };
        Assert.Equal(
            "STATUS=testpattern 640x480, 25.0 fps, streaming, 3 viewers",
            await listener.ReceiveUntilAsync(m => m.StartsWith("STATUS=", StringComparison.Ordinal), Wait));

        await app.StopAsync();
        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "STOPPING=1", Wait));
    }

    [Fact]
    public async Task StatusLine_IsRefreshedOnlyWhileStreaming_AndSentAtOnceOnAChange()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        FixedStatusSource status = new();
        FakeTimeProvider clock = new();
        await using WebApplication app = SystemdTestHost.Build(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue }, status, builder => builder.Services.AddSingleton<TimeProvider>(clock));
        await app.StartAsync();
        Assert.Equal("STATUS=testpattern 640x480, idle, 0 viewers", await listener.ReceiveAsync(Wait));
        Assert.Equal("READY=1", await listener.ReceiveAsync(Wait));

        // Idle: nothing in the line can change without an event, so nothing wakes to look (issue #12).
        int idleReads = status.Reads;
        clock.Advance(SystemdStatusNotifier.StatusPeriod * 5);
        Assert.Equal(idleReads, status.Reads);

        // A viewer: the line is sent at once, then refreshed every period while the frame rate moves.
        status.Status = status.Status with { Viewers = 1, Streaming = true };
        Assert.Equal("STATUS=testpattern 640x480, 25.0 fps, streaming, 1 viewer", await listener.ReceiveAsync(Wait));
        int streamingReads = status.Reads;
        clock.Advance(SystemdStatusNotifier.StatusPeriod);
        Assert.True(status.Reads > streamingReads, "the status was not read again while streaming");

        // Idle again: sent at once, and the timer sleeps again.
        status.Status = status.Status with { Viewers = 0, Streaming = false };
        Assert.Equal("STATUS=testpattern 640x480, idle, 0 viewers", await listener.ReceiveAsync(Wait));
        idleReads = status.Reads;
        clock.Advance(SystemdStatusNotifier.StatusPeriod * 5);
        Assert.Equal(idleReads, status.Reads);
        await app.StopAsync();
    }

    [Fact]
    public async Task Watchdog_PingsWhileHealthy_WithholdsWhileCaptureHung_ResumesAfter()
    {
        using NotifySocketListener listener = NotifySocketListener.Abstract();
        FixedStatusSource status = new();
        await using WebApplication app = SystemdTestHost.Build(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue, ["WATCHDOG_USEC"] = "400000" },
            status);
        await app.StartAsync();

        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", Wait));

        status.Unhealthy = "no frame for 5 s";
        string? withheld = await listener.ReceiveUntilAsync(m => m.StartsWith("STATUS=unhealthy", StringComparison.Ordinal), Wait);
        Assert.Equal("STATUS=unhealthy, watchdog withheld: capture: no frame for 5 s", withheld);
        Assert.Null(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", TimeSpan.FromSeconds(1)));

        status.Unhealthy = null;
        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", Wait));
        await app.StopAsync();
    }

    [Fact]
    public async Task Watchdog_HttpNotAnswering_WithholdsPing()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        bool hang = false;
        await using WebApplication app = SystemdTestHost.Build(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue, ["WATCHDOG_USEC"] = "400000" },
            new FixedStatusSource(),
            healthzHangs: () => Volatile.Read(ref hang));
        await app.StartAsync();
        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", Wait));

        Volatile.Write(ref hang, true);
        string? withheld = await listener.ReceiveUntilAsync(m => m.StartsWith("STATUS=unhealthy", StringComparison.Ordinal), Wait);

        Assert.NotNull(withheld);
        Assert.Contains("HTTP: GET http://127.0.0.1:", withheld, StringComparison.Ordinal);
        Assert.Null(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", TimeSpan.FromSeconds(1)));
        Volatile.Write(ref hang, false);
        await app.StopAsync();
    }

    [Fact]
    public async Task Start_WithoutNotifySocket_RunsAndSendsNothing()
    {
        using NotifySocketListener listener = NotifySocketListener.AtPath();
        await using WebApplication app = SystemdTestHost.Build(new Dictionary<string, string> { ["WATCHDOG_USEC"] = "400000" }, new FixedStatusSource());

        await app.StartAsync();
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
        string answer = await http.GetStringAsync(new Uri(new Uri(app.Urls.First()), "/healthz"));
        await app.StopAsync();

        Assert.Equal("ok", answer);
        Assert.Null(await listener.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }
}
