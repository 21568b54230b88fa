using Camstreamd.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace Camstreamd.Hosting.Systemd;

/// <summary>Registers the systemd integration: READY=1/STOPPING=1, the STATUS= line and the watchdog.</summary>
internal static class SystemdServiceCollectionExtensions
{
    /// <summary>
    /// Safe outside systemd: without NOTIFY_SOCKET the notifier does nothing and without WATCHDOG_USEC there is no
    /// watchdog. The status line and the watchdog read the <see cref="IServiceStatusSource"/> and
    /// <see cref="ICaptureHeartbeat"/> the caller registers; what the caller registered before wins (TryAdd).
    /// </summary>
    public static IServiceCollection AddCamstreamdSystemd(this IServiceCollection services, SystemdContext context)
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

        services.TryAddSingleton<ReloadOutcome>();
        services.TryAddSingleton<SystemdStatusNotifier>();
        services.AddHostedService(provider => provider.GetRequiredService<SystemdStatusNotifier>());
        services.AddHostedService<SystemdWatchdog>();
        return services;
    }
}
