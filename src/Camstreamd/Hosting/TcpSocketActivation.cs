using System.Buffers.Binary;
using System.Net.Sockets;
using Camstreamd.Configuration;
using Camstreamd.Hosting.Systemd;
using Camstreamd.Interop;
using Camstreamd.Streaming.Tcp;

namespace Camstreamd.Hosting;

/// <summary>
/// Picks the TCP stream's socket out of those systemd passed: the one listening on <c>Tcp:Port</c>. By port
/// rather than by LISTEN_FDNAMES because a .socket unit gives all its sockets one name, and the simplest setup
/// is one more ListenStream= line in camstreamd.socket. The other sockets stay Kestrel's.
/// </summary>
internal static class TcpSocketActivation
{
    // struct sockaddr_in and sockaddr_in6 both start with sa_family (native order) and the port (network order).
    private const int SockaddrStorageBytes = 128;
    private const ushort AF_INET = 2;
    private const ushort AF_INET6 = 10;

    /// <summary>Takes the passed socket listening on <paramref name="tcp"/>'s port (marked close-on-exec), or <see cref="PassedTcpSocket.None"/>.</summary>
    public static PassedTcpSocket Take(SystemdContext systemd, TcpOptions tcp, out int? fileDescriptor)
    {
        fileDescriptor = null;
        if (!systemd.IsSocketActivated || tcp.Port == 0)
        {
            return PassedTcpSocket.None;
        }

        for (int i = 0; i < systemd.ListenFdCount; i++)
        {
            int candidate = SystemdContext.ListenFdsStart + i;
            if (PortOf(candidate) == tcp.Port)
            {
                CloseOnExec.Set(candidate);
                fileDescriptor = candidate;
                return new PassedTcpSocket(new Socket(new SafeSocketHandle(candidate, ownsHandle: true)));
            }
        }

        return PassedTcpSocket.None;
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
