using System.Diagnostics;
using Camstreamd.Configuration;
using Camstreamd.Configuration.Reload;
using Camstreamd.Hosting.Systemd;
using Camstreamd.Status;
using Camstreamd.Tests.Hosting.Systemd;
using Camstreamd.Tests.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Camstreamd.Tests.Configuration.Reload;

[Collection(NotifySocketCollection.Name)]
public sealed class ConfigurationReloadServiceTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _directory = Directory.CreateTempSubdirectory("camstreamd-reload-").FullName;
    private readonly NotifySocketListener _listener = NotifySocketListener.AtPath();

    private string ConfigFile => Path.Combine(_directory, "appsettings.json");

    public void Dispose()
    {
        _listener.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Reload_ValidChange_IsAppliedBetweenReloadingAndReady()
    {
        await using WebApplication app = await StartAsync("""{ "Camera": { "Width": 640 } }""");
        CountingApplier applier = app.Services.GetRequiredService<CountingApplier>();

        await File.WriteAllTextAsync(ConfigFile, """{ "Camera": { "Width": 800 } }""");
        bool accepted = await app.Services.GetRequiredService<ConfigurationReloadService>().ReloadAsync("test");

        Assert.True(accepted);
        Assert.Equal("800", app.Configuration["Camera:Width"]);
        Assert.Equal(1, applier.Calls);
        string? reloading = await _listener.ReceiveUntilAsync(m => m.StartsWith("RELOADING=1\nMONOTONIC_USEC=", StringComparison.Ordinal), Wait);
        Assert.NotNull(reloading);
        Assert.Equal("READY=1", await _listener.ReceiveAsync(Wait));
        Assert.Equal("STATUS=testpattern 640x480, idle, 0 viewers", await _listener.ReceiveAsync(Wait));
    }

    [Fact]
    public async Task Reload_BrokenJson_IsRejectedAndRunningConfigurationStays()
    {
        await using WebApplication app = await StartAsync("""{ "Camera": { "Width": 640 } }""");

        await File.WriteAllTextAsync(ConfigFile, """{ "Camera": { "Width": 800, } """);
        bool accepted = await app.Services.GetRequiredService<ConfigurationReloadService>().ReloadAsync("test");

        Assert.False(accepted);
        Assert.Equal("640", app.Configuration["Camera:Width"]);
        Assert.Equal(0, app.Services.GetRequiredService<CountingApplier>().Calls);
        Assert.NotNull(await _listener.ReceiveUntilAsync(m => m.StartsWith("RELOADING=1", StringComparison.Ordinal), Wait));
        Assert.Equal("READY=1", await _listener.ReceiveAsync(Wait));
        string? status = await _listener.ReceiveAsync(Wait);
        Assert.NotNull(status);
        Assert.Contains("reload rejected:", status, StringComparison.Ordinal);
        Assert.Contains(ConfigFile, status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_ValueFailsValidation_IsRejectedWithTheKey()
    {
        await using WebApplication app = await StartAsync("""{ "Camera": { "Width": 640 } }""");

        await File.WriteAllTextAsync(ConfigFile, """{ "Camera": { "Width": -1 } }""");
        bool accepted = await app.Services.GetRequiredService<ConfigurationReloadService>().ReloadAsync("test");

        Assert.False(accepted);
        Assert.Equal("640", app.Configuration["Camera:Width"]);
        string? status = await _listener.ReceiveUntilAsync(m => m.Contains("reload rejected", StringComparison.Ordinal), Wait);
        Assert.NotNull(status);
        Assert.Contains("Camera:Width must be positive", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_ValueOfWrongType_IsRejectedWithTheKey()
    {
        await using WebApplication app = await StartAsync("""{ "Camera": { "Width": 640 } }""");

        await File.WriteAllTextAsync(ConfigFile, """{ "Camera": { "Width": "wide" } }""");
        bool accepted = await app.Services.GetRequiredService<ConfigurationReloadService>().ReloadAsync("test");

        Assert.False(accepted);
        string? status = await _listener.ReceiveUntilAsync(m => m.Contains("reload rejected", StringComparison.Ordinal), Wait);
        Assert.NotNull(status);
        Assert.Contains("Camera:Width", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileEdit_ReloadsWithoutASignal()
    {
        await using WebApplication app = await StartAsync("""{ "Camera": { "Width": 640 } }""");
        TaskCompletionSource<bool> reloaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        app.Services.GetRequiredService<ConfigurationReloadService>().Reloaded += accepted => reloaded.TrySetResult(accepted);

        await File.WriteAllTextAsync(ConfigFile, """{ "Camera": { "Width": 320 } }""");

        Assert.True(await reloaded.Task.WaitAsync(Wait));
        Assert.Equal("320", app.Configuration["Camera:Width"]);
    }

    [Fact]
    public async Task Reload_ApplierRefuses_IsRejectedWithItsReason()
    {
        await using WebApplication app = await StartAsync("""{ "Camera": { "Width": 640 } }""");
        app.Services.GetRequiredService<CountingApplier>().Refusal = "Http:Port cannot change without a restart";

        bool accepted = await app.Services.GetRequiredService<ConfigurationReloadService>().ReloadAsync("test");

        Assert.False(accepted);
        string? status = await _listener.ReceiveUntilAsync(m => m.Contains("reload rejected", StringComparison.Ordinal), Wait);
        Assert.Equal("STATUS=testpattern 640x480, idle, 0 viewers; reload rejected: Http:Port cannot change without a restart", status);

        // The periodic status keeps saying so until a reload succeeds.
        string? periodic = await _listener.ReceiveAsync(SystemdStatusNotifier.StatusPeriod + TimeSpan.FromSeconds(1));
        if (periodic is not null)
        {
            Assert.Contains("reload rejected", periodic, StringComparison.Ordinal);
        }

        app.Services.GetRequiredService<CountingApplier>().Refusal = null;
        Assert.True(await app.Services.GetRequiredService<ConfigurationReloadService>().ReloadAsync("test"));
        Assert.Equal(
            "STATUS=testpattern 640x480, idle, 0 viewers",
            await _listener.ReceiveUntilAsync(m => m.StartsWith("STATUS=", StringComparison.Ordinal), Wait));
    }

    private async Task<WebApplication> StartAsync(string json)
    {
        await File.WriteAllTextAsync(ConfigFile, json);
        WebApplication app = SystemdTestHost.Build(
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = _listener.NotifySocketValue },
            new FixedStatusSource(),
            builder =>
            {
                builder.Configuration.AddJsonFile(ConfigFile, optional: false, reloadOnChange: false);
                builder.Services.AddOptions<CameraOptions>()
                    .Bind(builder.Configuration.GetSection(CameraOptions.SectionName))
                    .Validate(o => o.Width > 0, "Camera:Width must be positive");
                builder.Services.AddSingleton<CountingApplier>();
                builder.Services.AddSingleton<IConfigurationApplier>(p => p.GetRequiredService<CountingApplier>());
            });
        await app.StartAsync();
        // Startup's STATUS and READY are not what these tests look at.
        await _listener.ReceiveUntilAsync(m => m == "READY=1", Wait);
        return app;
    }
}
