using Camstreamd.Hosting.Systemd;
using Camstreamd.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Camstreamd.Configuration.Reload;

/// <summary>Registers the configuration reload: SIGHUP and file changes (<see cref="ConfigurationReloadService"/>).</summary>
internal static class ReloadServiceCollectionExtensions
{
    /// <summary>
    /// Reloads read, validate and apply settings exactly as at startup (<see cref="SettingsReloader"/>, through the
    /// <see cref="SettingsLoader"/> the caller registers) unless the caller registered another
    /// <see cref="IConfigurationReloader"/> before. Tells systemd through what
    /// <see cref="SystemdServiceCollectionExtensions.AddCamstreamdSystemd"/> registered.
    /// </summary>
    public static IServiceCollection AddConfigurationReload(this IServiceCollection services)
    {
        services.TryAddSingleton<IConfigurationReloader, SettingsReloader>();
        services.TryAddSingleton<ReloadOutcome>();
        services.TryAddSingleton<ConfigurationReloadService>();
        services.AddHostedService(provider => provider.GetRequiredService<ConfigurationReloadService>());
        return services;
    }
}
