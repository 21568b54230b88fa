using System.Buffers.Binary;
using System.Net.Sockets;
using Camstreamd.Interop;
using Camstreamd.Streaming.Tcp;

namespace Camstreamd.Hosting.Systemd;

/// <summary>
/// Ours (Microsoft.Extensions.Hosting.Systemd has no socket activation): the listening sockets systemd passed (a
/// .socket unit), sorted once. The one listening on <c>Tcp:Port</c> is the TCP stream's: by port rather than by
/// LISTEN_FDNAMES because a .socket unit gives all its sockets one name, and the simplest setup is one more
/// ListenStream= line in camstreamd.socket. The others are Kestrel's; when there are none (the unit passed only the
/// TCP stream's port), Kestrel binds Http:Address/Http:Port as without socket activation.
/// </summary>
internal sealed class PassedSockets
{
    // struct sockaddr_in and sockaddr_in6 both start with sa_family (native order) and the port (network order).
    private const int SockaddrStorageBytes = 128;
    private const ushort AF_INET = 2;
    private const ushort AF_INET6 = 10;

    private PassedSockets(PassedTcpSocket tcp, IReadOnlyList<int> http)
    {
        Tcp = tcp;
        Http = http;
    }

    public static PassedSockets None { get; } = new(PassedTcpSocket.None, []);

    /// <summary>The TCP stream's socket, or <see cref="PassedTcpSocket.None"/>.</summary>
    public PassedTcpSocket Tcp { get; }

    /// <summary>The descriptors Kestrel listens on; empty when Kestrel binds its own.</summary>
    public IReadOnlyList<int> Http { get; }

    /// <summary>
    /// Marks every passed descriptor close-on-exec (as sd_listen_fds(3) does: they arrive without it, and a program
    /// we start, Camera:Source=command, must not inherit a listening socket), takes the one on
    /// <paramref name="tcpPort"/> (0: none) for the TCP stream and leaves the others to Kestrel. Then unsets
    /// LISTEN_* (sd_listen_fds(unset_environment=1)) so processes we start do not think the sockets are theirs.
    /// </summary>
    public static PassedSockets Take(SystemdContext context, int tcpPort)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsSocketActivated)
        {
            return None;
        }

        PassedTcpSocket tcp = PassedTcpSocket.None;
        List<int> http = new();
        for (int i = 0; i < context.ListenFdCount; i++)
        {
            int fileDescriptor = SystemdContext.ListenFdsStart + i;
            CloseOnExec.Set(fileDescriptor);
            if (tcpPort != 0 && tcp.Socket is null && PortOf(fileDescriptor) == tcpPort)
            {
                tcp = new PassedTcpSocket(new Socket(new SafeSocketHandle(fileDescriptor, ownsHandle: true)));
            }
            else
            {
                http.Add(fileDescriptor);
            }
        }

        Environment.SetEnvironmentVariable("LISTEN_FDS", null);
        Environment.SetEnvironmentVariable("LISTEN_PID", null);
        Environment.SetEnvironmentVariable("LISTEN_FDNAMES", null);
        return new PassedSockets(tcp, http);
    }

    private static int PortOf(int fileDescriptor)
    {
        byte[] address = new byte[SockaddrStorageBytes];
        uint length = (uint)address.Length;
        if (Libc.getsockname(fileDescriptor, address, ref length) != 0 || length < 4)
        {
            return 0;
        }

        ushort family = BitConverter.ToUInt16(address, 0);
        return family is AF_INET or AF_INET6 ? BinaryPrimitives.ReadUInt16BigEndian(address.AsSpan(2)) : 0;
    }
}
