using Camstreamd.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Camstreamd.Hosting;

/// <summary>Registers Streaming:ExitWhenIdle (<see cref="ExitWhenIdleService"/>) and the connection count it reads.</summary>
internal static class ExitWhenIdleServiceCollectionExtensions
{
    /// <summary>Needs the <see cref="Systemd.SystemdContext"/> (socket activation) and the SettingsStore registered by the caller.</summary>
    public static IServiceCollection AddExitWhenIdle(this IServiceCollection services)
    {
        services.TryAddSingleton<KestrelConnectionCounter>();
        services.AddHostedService<ExitWhenIdleService>();
        return services;
    }
}
