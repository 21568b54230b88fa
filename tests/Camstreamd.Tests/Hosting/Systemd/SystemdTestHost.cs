using System.Net;
using Camstreamd.Configuration;
using Camstreamd.Configuration.Reload;
using Camstreamd.Hosting;
using Camstreamd.Hosting.Systemd;
using Camstreamd.Status;
using Camstreamd.Tests.Configuration.Reload;
using Camstreamd.Tests.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// A real Kestrel host on 127.0.0.1 with the systemd integration, talking to a real notify socket through
/// Microsoft.Extensions.Hosting.Systemd's notifier and lifetime.
/// </summary>
internal static class SystemdTestHost
{
    public static WebApplication Build(
        IReadOnlyDictionary<string, string> environment,
        FixedStatusSource status,
        Action<WebApplicationBuilder>? configure = null,
        Func<bool>? healthzHangs = null)
    {
        SystemdContext context = SystemdContext.From(environment.GetValueOrDefault, Environment.ProcessId);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton<IServiceStatusSource>(status);
        builder.Services.AddSingleton<ICaptureHeartbeat>(status);
        builder.Services.TryAddSingleton<IConfigurationReloader, ConfigurationRootReloader>();
        builder.Services.AddCamstreamdSystemd(context);
        builder.Services.AddExitWhenIdle();
        builder.Services.AddConfigurationReload();
        configure?.Invoke(builder);
        builder.Services.TryAddSingleton(new SettingsStore(new CamstreamdSettings()));
        // The library's notifier takes NOTIFY_SOCKET from the process environment when it is created (building the
        // host creates it, for the lifetime), as in the daemon; callers that pass one run in the NotifySocketCollection.
        WebApplication app;
        using (NotifySocketVariable.Set(context.NotifySocket))
        {
            app = builder.Build();
            _ = app.Services.GetRequiredService<ISystemdNotifier>();
        }

        app.MapGet("/healthz", async (CancellationToken aborted) =>
        {
            if (healthzHangs?.Invoke() == true)
            {
                // Stands for a deadlocked request pipeline: the answer never comes in time.
                await Task.Delay(TimeSpan.FromSeconds(3), aborted);
            }

            return "ok";
        });
        return app;
    }
}
