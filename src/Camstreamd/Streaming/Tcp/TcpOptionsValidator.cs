using System.Globalization;
using System.Net;
using Camstreamd.Configuration;

namespace Camstreamd.Streaming.Tcp;

/// <summary>The <c>Tcp</c> section's rules, checked at start and on reload with the rest of the configuration.</summary>
internal static class TcpOptionsValidator
{
    public static void Validate(TcpOptions tcp, HttpOptions http, List<string> errors)
    {
        if (tcp.Port is < 0 or > 65535)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Tcp:Port is {tcp.Port}; allowed: 0 (off) or a port from 1 to 65535."));
        }
        else if (tcp.Port != 0 && tcp.Port == http.Port)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Tcp:Port is {tcp.Port}, the same as Http:Port; allowed: 0 (off) or a port other than the HTTP server's."));
        }

        if (!string.IsNullOrWhiteSpace(tcp.Address) && tcp.Address != "*" && !IPAddress.TryParse(tcp.Address, out _))
        {
            errors.Add($"Tcp:Address is '{tcp.Address}'; allowed: empty (the same as Http:Address), an IP address such as 0.0.0.0, 127.0.0.1 or ::, or * for all addresses.");
        }

        if (tcp.FramesPerSecond < 0 || tcp.FramesPerSecond > StreamSessions.MaxFpsCap)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Tcp:FramesPerSecond is {tcp.FramesPerSecond}; allowed: 0 (every frame) or a number above 0 and at most {StreamSessions.MaxFpsCap}."));
        }
    }
}
