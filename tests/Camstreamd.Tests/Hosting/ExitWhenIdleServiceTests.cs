using Camstreamd.Configuration;
using Camstreamd.Tests.Hosting.Systemd;
using Camstreamd.Tests.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Camstreamd.Tests.Hosting;

public sealed class ExitWhenIdleServiceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static Dictionary<string, string> SocketActivated() => new()
    {
        ["LISTEN_FDS"] = "1",
        ["LISTEN_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static void ExitWhenIdle(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, TimeSpan idleTimeout) =>
        builder.Services.AddSingleton(new SettingsStore(new CamstreamdSettings
        {
            Streaming = new StreamingOptions { ExitWhenIdle = true, IdleTimeout = idleTimeout },
        }));

    [Fact]
    public async Task SocketActivated_SourceWentIdleWithoutViewers_StopsTheHost()
    {
        var status = new FixedStatusSource { Status = new("testpattern", 640, 480, 25, 1, Streaming: true, LastError: null) };
        await using var app = SystemdTestHost.Build(SocketActivated(), status, b => ExitWhenIdle(b, TimeSpan.FromMinutes(5)));
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await app.StartAsync();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

        // The core released the camera after its own IdleTimeout: exit at once, not after another IdleTimeout.
        status.Status = status.Status with { Viewers = 0, Streaming = false };
        await WaitForAsync(lifetime.ApplicationStopping);
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        await app.StopAsync();
    }

    [Fact]
    public async Task SocketActivated_NobodyEverCame_StopsAfterIdleTimeout()
    {
        await using var app = SystemdTestHost.Build(SocketActivated(), new FixedStatusSource(), b => ExitWhenIdle(b, TimeSpan.FromSeconds(1)));
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var started = TimeProvider.System.GetTimestamp();
        await app.StartAsync();

        await WaitForAsync(lifetime.ApplicationStopping);

        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromSeconds(1));
        await app.StopAsync();
    }

    [Fact]
    public async Task SocketActivated_ConnectionOpen_KeepsRunningUntilItCloses()
    {
        await using var app = SystemdTestHost.Build(SocketActivated(), new FixedStatusSource(), b => ExitWhenIdle(b, TimeSpan.FromSeconds(1)));
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await app.StartAsync();
        var endpoint = new Uri(app.Urls.First());

        // A connection whose request has not arrived yet, like the one that woke a cold-started daemon.
        using (var client = new System.Net.Sockets.TcpClient())
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port);
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        }

        await WaitForAsync(lifetime.ApplicationStopping);
        Assert.True(lifetime.ApplicationStopping.IsCancellationRequested);
        await app.StopAsync();
    }

    [Fact]
    public async Task NotSocketActivated_KeepsRunning()
    {
        await using var app = SystemdTestHost.Build(new Dictionary<string, string>(), new FixedStatusSource(), b => ExitWhenIdle(b, TimeSpan.FromMilliseconds(100)));
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await app.StartAsync();

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await app.StopAsync();
    }

    private static async Task WaitForAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Wait, token);
        }
        catch (OperationCanceledException)
        {
            // Signalled: what the test waits for.
        }
    }
}
