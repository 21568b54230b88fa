using System.Net.Sockets;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Sends one AF_UNIX datagram per message to the socket named by NOTIFY_SOCKET, as sd_notify(3) does.
/// Our own instead of Microsoft.Extensions.Hosting.Systemd, which is not available to this project.
/// </summary>
internal sealed class SystemdNotifier : ISystemdNotifier
{
    /// <summary>systemd sets this for Type=notify services (and for NotifyAccess=).</summary>
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    // A full receive queue on systemd's side would block a datagram send forever; one second is plenty.
    private const int SendTimeoutMilliseconds = 1000;

    private readonly UnixDomainSocketEndPoint? _endPoint;

    /// <param name="socketPath">The NOTIFY_SOCKET value; a leading '@' means the abstract namespace; null or empty disables.</param>
    public SystemdNotifier(string? socketPath)
    {
        if (string.IsNullOrEmpty(socketPath))
        {
            return;
        }

        // Linux abstract sockets start with a NUL byte; systemd writes it as '@' in the environment.
        _endPoint = new UnixDomainSocketEndPoint(socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath);
    }

    public bool IsEnabled => _endPoint is not null;

    public static SystemdNotifier FromEnvironment() =>
        new(Environment.GetEnvironmentVariable(NotifySocketVariable));

    public bool Notify(ServiceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (_endPoint is null)
        {
            return false;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.SendTimeout = SendTimeoutMilliseconds;
            socket.Connect(_endPoint);
            return socket.Send(state.Data) == state.Data.Length;
        }
        catch (SocketException)
        {
            // systemd gone or the socket refused: a notification is advisory, the daemon carries on.
            return false;
        }
    }
}
