using Camstreamd.Hosting.Systemd;
using Camstreamd.Tests.Status;

namespace Camstreamd.Tests.Hosting.Systemd;

[Collection(NotifySocketCollection.Name)]
public sealed class SystemdLifetimeTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Start_UnderSystemd_SendsStatusThenReady_AndStoppingOnStop()
    {
        using var listener = NotifySocketListener.AtPath();
        var status = new FixedStatusSource();
        await using var app = SystemdTestHost.Build(new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue }, status);

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
    public async Task Watchdog_PingsWhileHealthy_WithholdsWhileCaptureHung_ResumesAfter()
    {
        using var listener = NotifySocketListener.Abstract();
        var status = new FixedStatusSource();
        await using var app = SystemdTestHost.Build(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue, ["WATCHDOG_USEC"] = "400000" },
            status);
        await app.StartAsync();

        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", Wait));

        status.Unhealthy = "no frame for 5 s";
        var withheld = await listener.ReceiveUntilAsync(m => m.StartsWith("STATUS=unhealthy", StringComparison.Ordinal), Wait);
        Assert.Equal("STATUS=unhealthy, watchdog withheld: capture: no frame for 5 s", withheld);
        Assert.Null(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", TimeSpan.FromSeconds(1)));

        status.Unhealthy = null;
        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", Wait));
        await app.StopAsync();
    }

    [Fact]
    public async Task Watchdog_HttpNotAnswering_WithholdsPing()
    {
        using var listener = NotifySocketListener.AtPath();
        var hang = false;
        await using var app = SystemdTestHost.Build(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = listener.NotifySocketValue, ["WATCHDOG_USEC"] = "400000" },
            new FixedStatusSource(),
            healthzHangs: () => Volatile.Read(ref hang));
        await app.StartAsync();
        Assert.NotNull(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", Wait));

        Volatile.Write(ref hang, true);
        var withheld = await listener.ReceiveUntilAsync(m => m.StartsWith("STATUS=unhealthy", StringComparison.Ordinal), Wait);

        Assert.NotNull(withheld);
        Assert.Contains("HTTP: GET http://127.0.0.1:", withheld, StringComparison.Ordinal);
        Assert.Null(await listener.ReceiveUntilAsync(m => m == "WATCHDOG=1", TimeSpan.FromSeconds(1)));
        Volatile.Write(ref hang, false);
        await app.StopAsync();
    }

    [Fact]
    public async Task Start_WithoutNotifySocket_RunsAndSendsNothing()
    {
        using var listener = NotifySocketListener.AtPath();
        await using var app = SystemdTestHost.Build(new Dictionary<string, string> { ["WATCHDOG_USEC"] = "400000" }, new FixedStatusSource());

        await app.StartAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var answer = await http.GetStringAsync(new Uri(new Uri(app.Urls.First()), "/healthz"));
        await app.StopAsync();

        Assert.Equal("ok", answer);
        Assert.Null(await listener.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }
}
