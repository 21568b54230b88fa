using Camstreamd.Configuration.Reload;
using Camstreamd.Configuration;
using Camstreamd.Http;
using Camstreamd.Status;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

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
        services.TryAddSingleton<ISystemdNotifier>(new SystemdNotifier(context.NotifySocket));
        services.TryAddSingleton<KestrelConnectionCounter>();
        services.TryAddSingleton<ReloadOutcome>();
        services.TryAddSingleton<ConfigurationReloadService>();
        services.AddHostedService<SystemdLifetimeNotifier>();
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
