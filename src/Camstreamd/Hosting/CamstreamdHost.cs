using System.Net;
using Camstreamd.Authentication;
using Camstreamd.Capture;
using Camstreamd.Configuration;
using Camstreamd.Configuration.Reload;
using Camstreamd.Frames;
using Camstreamd.Gif;
using Camstreamd.Hosting.Systemd;
using Camstreamd.Http;
using Camstreamd.Http.Limits;
using Camstreamd.Publishing;
using Camstreamd.Sources;
using Camstreamd.Status;
using Camstreamd.Streaming;
using Camstreamd.Streaming.Tcp;
using Camstreamd.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Hosting;

/// <summary>
/// Composes the daemon: the capture service, the broadcaster, the HTTP endpoints and Kestrel.
/// Used by <see cref="Program"/> and by the integration tests, which run exactly this on 127.0.0.1.
/// </summary>
internal static class CamstreamdHost
{
    /// <summary>How long a stop may take before the host gives up waiting for viewers' streams to end.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The daemon from validated <paramref name="settings"/>; <paramref name="loader"/> is kept so a reload reads and validates exactly as startup did.</summary>
    public static WebApplication Build(SettingsLoader loader, CamstreamdSettings settings)
    {
        ArgumentNullException.ThrowIfNull(loader);
        IConfiguration configuration = loader.BuildConfiguration();
        // Read once: taking the passed sockets unsets socket activation's LISTEN_* variables.
        SystemdContext systemd = SystemdContext.FromEnvironment();
        PassedSockets passed = PassedSockets.Take(systemd, settings.Tcp.Port);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The builder's own appsettings.json (cleared below) would otherwise keep an inotify watch on the program's
            // directory and its subdirectories, and a thread woken by every change there (/usr/bin; issue #12).
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, configuration, systemd);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            KestrelLimits.Apply(kestrel.Limits, settings.Streaming);
            kestrel.ConfigureEndpointDefaults(listen =>
            {
                if (settings.Http.UsesTls)
                {
                    // Every listener (passed sockets too) speaks TLS. The direct stream path writes to the raw socket,
                    // so it has no place under TLS: streams go through Kestrel's pipeline then.
                    ServerCertificate certificate = listen.ApplicationServices.GetRequiredService<ServerCertificate>();
                    listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current);
                    return;
                }

                listen.Use(next =>
                {
                    DirectStreamMiddleware direct = listen.ApplicationServices.GetRequiredService<DirectStreamMiddleware>();
                    return connection => direct.OnConnectionAsync(connection, next);
                });
            });
            // The connection that woke us waits in the passed socket's backlog: Kestrel accepts it once it starts.
            foreach (int fileDescriptor in passed.Http)
            {
                kestrel.ListenHandle((ulong)fileDescriptor);
            }

            if (passed.Http.Count > 0)
            {
                return;
            }

            HttpOptions http = settings.Http;
            if (http.Address == "*")
            {
                kestrel.ListenAnyIP(http.Port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(http.Address), http.Port);
            }
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);

        IServiceCollection services = builder.Services;
        services.AddSingleton(new SettingsStore(settings));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new FramePool());
        services.AddSingleton<FrameBroadcaster>();
        services.AddSingleton<StreamStatistics>();
        services.AddSingleton<StreamSupervisor>();
        services.AddSingleton<MjpegStreamWriter>();
        services.AddSingleton<FrameSourceFactory>();
        services.AddSingleton<Privacy.PrivacyMode>();
        services.AddSingleton<CaptureService>();
        services.AddSingleton<Gpio.GpioService>();
        services.AddHostedService(provider => provider.GetRequiredService<Gpio.GpioService>());
        services.AddHostedService(provider => provider.GetRequiredService<CaptureService>());
        services.AddHostedService<StreamSupervisorService>();
        services.AddSingleton<MemoryTrimService>();
        services.AddHostedService(provider => provider.GetRequiredService<MemoryTrimService>());
        services.AddSingleton<StreamSessions>();
        services.AddSingleton<PublishService>();
        services.AddHostedService(provider => provider.GetRequiredService<PublishService>());
        services.AddSingleton<DirectStreamMiddleware>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<AuthenticationMiddleware>();
        services.AddSingleton<ServerCertificate>();
        services.AddSingleton<PendingRequestHeads>();
        services.AddSingleton(passed);
        services.AddSingleton(passed.Tcp);
        services.AddSingleton<TcpStreamService>();
        services.AddHostedService(provider => provider.GetRequiredService<TcpStreamService>());
        services.AddSingleton<StreamEndpoint>();
        services.AddSingleton<GifStatistics>();
        services.AddSingleton<GifPassthrough>();
        services.AddSingleton<GifEncoderService>();
        services.AddHostedService(provider => provider.GetRequiredService<GifEncoderService>());
        services.AddSingleton<GifStreamEndpoint>();
        services.AddSingleton<SnapshotEndpoint>();
        services.AddSingleton<StateEndpoint>();
        services.AddSingleton<HealthEndpoint>();
        services.AddSingleton<PrivacyEndpoint>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton<ViewerPageEndpoint>();
        services.AddSingleton(loader);
        services.AddSingleton<CaptureServiceStatus>();
        services.AddSingleton<IServiceStatusSource>(provider => provider.GetRequiredService<CaptureServiceStatus>());
        services.AddSingleton<ICaptureHeartbeat>(provider => provider.GetRequiredService<CaptureServiceStatus>());
        services.AddCamstreamdSystemd(systemd);
        services.AddExitWhenIdle();
        services.AddConfigurationReload();

        WebApplication app = builder.Build();
        AuthenticationMiddleware authentication = app.Services.GetRequiredService<AuthenticationMiddleware>();
        app.Use((context, next) => authentication.InvokeAsync(context, next));
        Routes.Map(app);

        // End viewers' streams cleanly first, so Kestrel's graceful stop does not wait on them.
        FrameBroadcaster broadcaster = app.Services.GetRequiredService<FrameBroadcaster>();
        app.Lifetime.ApplicationStopping.Register(() => broadcaster.CloseAll("the service is stopping"));
        return app;
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration, SystemdContext systemd)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // Its request lines carry the query, and ?token= is a secret: never shown, whatever Logging: says.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Under systemd: journald priorities (journalctl -p warning); otherwise plain single lines.
        SystemdLogging.AddConsole(logging, systemd);
    }
}
