using System.Net.Sockets;
using Camstreamd.Configuration;
using Camstreamd.Hosting;
using Camstreamd.Http;
using Camstreamd.Tests.Hosting.Systemd;
using Camstreamd.Tests.Status;
using Camstreamd.TestSupport;
using Microsoft.AspNetCore.Builder;
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

    // The service's checks run on this clock: a test moves it a round at a time instead of waiting real seconds.
    private readonly TimerRecordingClock _clock = new();

    private void ExitWhenIdle(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder, TimeSpan idleTimeout)
    {
        builder.Services.AddSingleton<TimeProvider>(_clock);
        builder.Services.AddSingleton(new SettingsStore(new CamstreamdSettings
        {
            Streaming = new StreamingOptions { ExitWhenIdle = true, IdleTimeout = idleTimeout },
        }));
    }

    [Fact]
    public async Task SocketActivated_SourceWentIdleWithoutViewers_StopsTheHost()
    {
        FixedStatusSource status = new() { Status = new("testpattern", 640, 480, 25, 1, Streaming: true, LastError: null) };
        await using WebApplication app = SystemdTestHost.Build(SocketActivated(), status, b => ExitWhenIdle(b, TimeSpan.FromMinutes(5)));
        IHostApplicationLifetime lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await app.StartAsync();
        await WaitForCheckTimerAsync();

        for (int round = 1; round <= 3; round++)
        {
            await NextRoundAsync(status, round);
        }

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

        // The core released the camera after its own IdleTimeout: exit at once, not after another IdleTimeout.
        status.Status = status.Status with { Viewers = 0, Streaming = false };
        _clock.Advance(ExitWhenIdleService.CheckPeriod);
        await WaitForAsync(lifetime.ApplicationStopping);
        await app.StopAsync();
    }

    [Fact]
    public async Task SocketActivated_NobodyEverCame_StopsAfterIdleTimeout()
    {
        FixedStatusSource status = new();
        await using WebApplication app = SystemdTestHost.Build(SocketActivated(), status, b => ExitWhenIdle(b, TimeSpan.FromMinutes(1)));
        IHostApplicationLifetime lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        await app.StartAsync();
        await WaitForCheckTimerAsync();

        // A second short of IdleTimeout (the fake clock runs the minute's checks at once): still serving.
        _clock.Advance(TimeSpan.FromSeconds(59));
        await Eventually.TrueAsync(() => status.Reads >= 1, Wait, () => "the service never looked at the status");
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);

        int reads = status.Reads;
        _clock.Advance(ExitWhenIdleService.CheckPeriod);
        await WaitForAsync(lifetime.ApplicationStopping);
        Assert.True(status.Reads > reads);
        await app.StopAsync();
    }

    [Fact]
    public async Task SocketActivated_ConnectionOpen_KeepsRunningUntilItCloses()
    {
        FixedStatusSource status = new();
        await using WebApplication app = SystemdTestHost.Build(SocketActivated(), status, b => ExitWhenIdle(b, TimeSpan.FromSeconds(1)));
        IHostApplicationLifetime lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        KestrelConnectionCounter connections = app.Services.GetRequiredService<KestrelConnectionCounter>();
        await app.StartAsync();
        await WaitForCheckTimerAsync();
        Uri endpoint = new(app.Urls.First());

        // A connection whose request has not arrived yet, like the one that woke a cold-started daemon.
        using (TcpClient client = new())
        {
            await client.ConnectAsync(endpoint.Host, endpoint.Port);
            await Eventually.TrueAsync(() => connections.Active == 1, Wait, () => $"{connections.Active} connections counted");
            for (int round = 1; round <= 3; round++)
            {
                await NextRoundAsync(status, round);
            }

            Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        }

        await Eventually.TrueAsync(() => connections.Active == 0, Wait, () => $"{connections.Active} connections counted");
        _clock.Advance(ExitWhenIdleService.CheckPeriod);
        await WaitForAsync(lifetime.ApplicationStopping);
        await app.StopAsync();
    }

    [Fact]
    public async Task NotSocketActivated_GivesUpAtOnce_AndKeepsRunning()
    {
        await using WebApplication app = SystemdTestHost.Build(new Dictionary<string, string>(), new FixedStatusSource(), b => ExitWhenIdle(b, TimeSpan.FromMilliseconds(100)));
        IHostApplicationLifetime lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        ExitWhenIdleService service = app.Services.GetServices<IHostedService>().OfType<ExitWhenIdleService>().Single();
        await app.StartAsync();

        // It returns without starting its checks (nothing would start the daemon again), so nothing can stop the host.
        await service.ExecuteTask!.WaitAsync(Wait);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.DoesNotContain(ExitWhenIdleService.CheckPeriod, _clock.DueTimes);
        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await app.StopAsync();
    }

    /// <summary>Waits until the service has started its periodic check on the fake clock (after the host started).</summary>
    private Task WaitForCheckTimerAsync() =>
        Eventually.TrueAsync(() => _clock.DueTimes.Contains(ExitWhenIdleService.CheckPeriod), Wait, () => "the service started no check timer");

    /// <summary>Moves the clock one check period and waits until the service has looked at the status for round <paramref name="round"/>.</summary>
    private async Task NextRoundAsync(FixedStatusSource status, int round)
    {
        _clock.Advance(ExitWhenIdleService.CheckPeriod);
        await Eventually.TrueAsync(() => status.Reads >= round, Wait, () => $"{status.Reads} status reads, expected {round}");
    }

    private static async Task WaitForAsync(CancellationToken token)
    {
        TaskCompletionSource signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using (token.Register(() => signalled.TrySetResult()))
        {
            // Throws TimeoutException when the host was not stopped within the bound.
            await signalled.Task.WaitAsync(Wait);
        }
    }
}
