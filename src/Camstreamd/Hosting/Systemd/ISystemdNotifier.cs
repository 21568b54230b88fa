namespace Camstreamd.Hosting.Systemd;

/// <summary>Tells the service manager about the daemon's state (sd_notify(3)).</summary>
internal interface ISystemdNotifier
{
    /// <summary>Whether a notification socket was given; when false every call does nothing.</summary>
    bool IsEnabled { get; }

    /// <summary>Sends one message; returns false when systemd could not be reached (never throws for that).</summary>
    bool Notify(ServiceState state);
}
