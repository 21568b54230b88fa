using System.Net.Sockets;
using Microsoft.Extensions.Hosting.Systemd;

namespace Camstreamd.Hosting.Systemd;

/// <summary>Sending through the library's notifier without letting an unreachable systemd stop the daemon.</summary>
internal static class SystemdNotifierExtensions
{
    /// <summary>
    /// Ours: <see cref="ISystemdNotifier.Notify"/> throws when the socket is gone or refuses; a notification is
    /// advisory, so this returns false instead. Also false when no notify socket was given (nothing is sent).
    /// </summary>
    public static bool TryNotify(this ISystemdNotifier notifier, ServiceState state)
    {
        ArgumentNullException.ThrowIfNull(notifier);
        if (!notifier.IsEnabled)
        {
            return false;
        }

        try
        {
            notifier.Notify(state);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
