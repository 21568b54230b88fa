using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours (Microsoft.Extensions.Hosting.Systemd has no socket activation): Kestrel listening on the sockets systemd
/// passed (a .socket unit), instead of binding its own.
/// </summary>
internal static class SystemdSocketActivation
{
    /// <summary>
    /// When socket-activated, adds every passed descriptor as a Kestrel endpoint and returns true; the caller
    /// binds Http:Address/Http:Port only when this returns false. The connection that woke us waits in the
    /// socket's backlog, so Kestrel accepts it as soon as it starts: the first request is not lost.
    /// </summary>
    /// <param name="options">Kestrel's options.</param>
    /// <param name="context">What systemd passed.</param>
    /// <param name="reservedFileDescriptor">A passed socket that is not for HTTP (the TCP stream's), left out.</param>
    public static bool TryListenOnPassedSockets(KestrelServerOptions options, SystemdContext context, int? reservedFileDescriptor = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsSocketActivated)
        {
            return false;
        }

        for (var i = 0; i < context.ListenFdCount; i++)
        {
            int fileDescriptor = SystemdContext.ListenFdsStart + i;
            if (fileDescriptor == reservedFileDescriptor)
            {
                continue;
            }

            CloseOnExec.Set(fileDescriptor);
            options.ListenHandle((ulong)fileDescriptor);
        }

        // sd_listen_fds(unset_environment=1): processes we start must not think the sockets are theirs.
        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        return true;
    }
}
