using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Camstreamd.Publishing.Rtsp;

/// <summary>
/// A target's <c>TlsFingerprint</c>: the SHA-256 of the one server certificate it trusts (its DER bytes, as
/// <c>openssl x509 -noout -fingerprint -sha256</c> prints it), for servers with a self-signed certificate, as
/// MediaMTX pins its own RTSPS sources. Written as 64 hex digits, with or without colons, in either case.
/// </summary>
internal static class CertificatePin
{
    private const int Sha256Bytes = 32;

    /// <summary>The digest <paramref name="text"/> names, or null when it is not 32 bytes in hex.</summary>
    public static byte[]? TryParse(string text)
    {
        string hex = text.Trim().Replace(":", "", StringComparison.Ordinal);
        if (hex.Length != Sha256Bytes * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            return null;
        }

        return Convert.FromHexString(hex);
    }

    /// <summary>The certificate's SHA-256 as <c>AB:CD:...</c>: what an error shows, to be pasted as <c>TlsFingerprint</c>.</summary>
    public static string Of(X509Certificate certificate) => string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())).Chunk(2).Select(pair => new string(pair)));

    public static bool Matches(byte[] pin, X509Certificate certificate) => CryptographicOperations.FixedTimeEquals(pin, SHA256.HashData(certificate.GetRawCertData()));
}
