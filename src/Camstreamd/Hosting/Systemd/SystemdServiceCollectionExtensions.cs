using Camstreamd.Configuration;
using Camstreamd.Configuration.Reload;
using Camstreamd.Http;
using Camstreamd.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Camstreamd.Hosting.Systemd;

/// <summary>Registers the systemd integration: notify, status, watchdog, reload, exit-on-idle.</summary>
internal static class SystemdServiceCollectionExtensions
{
    /// <summary>
    /// Safe outside systemd: without NOTIFY_SOCKET the notifier does nothing, without WATCHDOG_USEC there is no
    /// watchdog and without LISTEN_FDS no exit-on-idle; SIGHUP and file edits still reload the configuration.
    /// The caller registers the <see cref="IConfigurationReloader"/>.
    /// </summary>
    public static IServiceCollection AddSystemdIntegration(this IServiceCollection services, SystemdContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.TryAddSingleton(context);
        // The library's notifier reads NOTIFY_SOCKET itself (mapping a leading '@' to the abstract namespace);
        // without it every Notify does nothing.
        services.TryAddSingleton<ISystemdNotifier, SystemdNotifier>();
        if (context.NotifySocket is not null)
        {
            // The library's lifetime: READY=1 once the host started, STOPPING=1, SIGTERM stops the host. Registered
            // here, on NOTIFY_SOCKET, rather than by AddSystemd(): that looks for a parent process named systemd in
            // /proc, which the unit's ProtectProc=invisible hides from its DynamicUser, so READY=1 would never come.
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.TryAddSingleton<KestrelConnectionCounter>();
        services.TryAddSingleton<ReloadOutcome>();
        services.TryAddSingleton<ConfigurationReloadService>();
        services.AddHostedService<SystemdStatusNotifier>();
        services.AddHostedService<SystemdWatchdog>();
        services.AddHostedService<ExitWhenIdleService>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigurationReloadService>());
        return services;
    }

    /// <summary>
    /// The daemon's wiring: status and heartbeat from the capture service, and reloads that read, validate and
    /// apply settings exactly as at startup, through the <see cref="SettingsLoader"/> registered by <see cref="CamstreamdHost"/>.
    /// </summary>
    public static IServiceCollection AddCamstreamdSystemd(this IServiceCollection services, SystemdContext context)
    {
        services.TryAddSingleton<CaptureServiceStatus>();
        services.TryAddSingleton<IServiceStatusSource>(provider => provider.GetRequiredService<CaptureServiceStatus>());
        services.TryAddSingleton<ICaptureHeartbeat>(provider => provider.GetRequiredService<CaptureServiceStatus>());
        services.TryAddSingleton<IConfigurationReloader, SettingsReloader>();
        return services.AddSystemdIntegration(context);
    }
}
