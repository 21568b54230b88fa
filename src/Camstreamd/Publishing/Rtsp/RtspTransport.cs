using System.Globalization;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// Reads and rewrites the parameters of an RTSP <c>Transport</c> header (RFC 2326 §12.39:
/// <c>RTP/AVP/UDP;unicast;client_port=5000-5001;mode=record</c>), for the relay's SETUP over UDP.
/// </summary>
internal static class RtspTransport
{
    public const string ClientPort = "client_port";
    public const string ServerPort = "server_port";

    /// <summary>
    /// Parameters that would send ffmpeg's media past the relay: <c>source</c> is where ffmpeg sends RTP when the
    /// server names it (ffmpeg's rtsp.c prefers it to the RTSP host), <c>destination</c> where the server would.
    /// </summary>
    private static readonly string[] Addresses = ["source", "destination"];

    /// <summary>The port pair of <paramref name="name"/> (<c>5000-5001</c>; a lone port means it and the next), or null.</summary>
    public static (int Rtp, int Rtcp)? Ports(string transport, string name)
    {
        foreach (string parameter in transport.Split(';'))
        {
            string[] pair = parameter.Trim().Split('=', 2);
            if (pair.Length == 2 && string.Equals(pair[0], name, StringComparison.OrdinalIgnoreCase))
            {
                string[] ports = pair[1].Split('-');
                if (ports.Length is 1 or 2 && int.TryParse(ports[0], NumberStyles.None, CultureInfo.InvariantCulture, out int rtp) && rtp is > 0 and < 65535)
                {
                    int rtcp = rtp + 1;
                    return ports.Length == 1 || (int.TryParse(ports[1], NumberStyles.None, CultureInfo.InvariantCulture, out rtcp) && rtcp is > 0 and <= 65535) ? (rtp, rtcp) : null;
                }

                return null;
            }
        }

        return null;
    }

    /// <summary>True for a transport whose media goes over UDP (RTP/AVP or RTP/AVP/UDP), not interleaved in the connection.</summary>
    public static bool IsUdp(string transport) =>
        !transport.Contains(',', StringComparison.Ordinal) && transport.Split(';')[0].Trim() is string profile
        && (profile.Equals("RTP/AVP", StringComparison.OrdinalIgnoreCase) || profile.Equals("RTP/AVP/UDP", StringComparison.OrdinalIgnoreCase))
        && Ports(transport, ClientPort) is not null;

    /// <summary><paramref name="transport"/> with <paramref name="name"/> set to the pair given, added if it was not there.</summary>
    public static string WithPorts(string transport, string name, (int Rtp, int Rtcp) ports)
    {
        string value = string.Create(CultureInfo.InvariantCulture, $"{name}={ports.Rtp}-{ports.Rtcp}");
        List<string> parameters = [.. transport.Split(';')];
        int index = parameters.FindIndex(parameter => IsNamed(parameter, name));
        if (index < 0)
        {
            parameters.Add(value);
        }
        else
        {
            parameters[index] = value;
        }

        return string.Join(';', parameters);
    }

    /// <summary><paramref name="transport"/> without <c>source</c> and <c>destination</c>: the media goes through the relay.</summary>
    public static string WithoutAddresses(string transport) =>
        string.Join(';', transport.Split(';').Where(parameter => !Addresses.Any(name => IsNamed(parameter, name))));

    private static bool IsNamed(string parameter, string name) =>
        parameter.Trim().Split('=', 2)[0].Equals(name, StringComparison.OrdinalIgnoreCase);
}
