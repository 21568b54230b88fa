using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// Whether a connection accepted on 127.0.0.1 comes from a process of our own user, read from
/// <c>/proc/self/net/tcp</c> (proc(5): each socket's ends and its owner's uid). Both ends of a loopback
/// connection are listed there: ours and the peer's, each with the uid that opened it. Not <c>/proc/net</c>:
/// the unit's <c>ProcSubset=pid</c> hides it, while the process's own directory stays.
/// </summary>
internal static class LoopbackPeer
{
    private const int LocalColumn = 1;
    private const int RemoteColumn = 2;
    private const int UidColumn = 7;

    /// <summary>True when the peer's socket belongs to the user that owns <paramref name="accepted"/>; false when it does not or cannot be told.</summary>
    public static bool IsSameUser(Socket accepted)
    {
        if (accepted.LocalEndPoint is not IPEndPoint local || accepted.RemoteEndPoint is not IPEndPoint remote)
        {
            return false;
        }

        string ours = Endpoint(local);
        string theirs = Endpoint(remote);
        string? ourUid = null;
        string? theirUid = null;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/net/tcp").Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length <= UidColumn)
                {
                    continue;
                }

                if (fields[LocalColumn] == ours && fields[RemoteColumn] == theirs)
                {
                    ourUid = fields[UidColumn];
                }
                else if (fields[LocalColumn] == theirs && fields[RemoteColumn] == ours)
                {
                    theirUid = fields[UidColumn];
                }
            }
        }
        catch (IOException)
        {
            return false;
        }

        return ourUid is not null && ourUid == theirUid;
    }

    /// <summary>An IPv4 end as /proc/net/tcp writes it: the address's bytes in host (little-endian) order, then the port, both hex.</summary>
    private static string Endpoint(IPEndPoint endPoint)
    {
        byte[] address = endPoint.Address.MapToIPv4().GetAddressBytes();
        Array.Reverse(address);
        return $"{Convert.ToHexString(address)}:{endPoint.Port.ToString("X4", CultureInfo.InvariantCulture)}";
    }
}
