using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Camstreamd.Hosting.Systemd;

/// <summary>Registers the systemd integration: notify, status, watchdog, reload, exit-on-idle.</summary>
internal static class SystemdServiceCollectionExtensions
{
    /// <summary>
    /// Safe outside systemd: without NOTIFY_SOCKET the notifier does nothing, without WATCHDOG_USEC there is no
    /// watchdog and without LISTEN_FDS no exit-on-idle; SIGHUP and file edits still reload the configuration.
    /// </summary>
    public static IServiceCollection AddSystemdIntegration(this IServiceCollection services, SystemdContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        services.TryAddSingleton(context);
        services.TryAddSingleton<ISystemdNotifier>(new SystemdNotifier(context.NotifySocket));
        services.TryAddSingleton<ConfigurationCandidate>();
        services.TryAddSingleton<ConfigurationReloadService>();
        services.AddHostedService<SystemdLifetimeNotifier>();
        services.AddHostedService<SystemdWatchdog>();
        services.AddHostedService<ExitWhenIdleService>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigurationReloadService>());
        return services;
    }
}
