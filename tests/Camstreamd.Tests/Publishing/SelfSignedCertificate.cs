using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// A self-signed server certificate for 127.0.0.1, as MediaMTX and most home servers make for RTSPS: written as PEM
/// certificate and key files for the test's server, with its SHA-256 fingerprint for the target to pin.
/// </summary>
internal sealed class SelfSignedCertificate
{
    private SelfSignedCertificate(string certificateFile, string keyFile, string fingerprint)
    {
        CertificateFile = certificateFile;
        KeyFile = keyFile;
        Fingerprint = fingerprint;
    }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    /// <summary>SHA-256 of the DER certificate, <c>AB:CD:...</c> as openssl prints it.</summary>
    public string Fingerprint { get; }

    public static SelfSignedCertificate Write(string folder)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new("CN=camstreamd-test-rtsps", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        SubjectAlternativeNameBuilder names = new();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        string certificateFile = Path.Combine(folder, "server.crt");
        string keyFile = Path.Combine(folder, "server.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        string fingerprint = string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(pair => new string(pair)));
        return new SelfSignedCertificate(certificateFile, keyFile, fingerprint);
    }
}
