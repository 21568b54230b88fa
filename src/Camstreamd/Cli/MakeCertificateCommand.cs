using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Camstreamd.Tls;

namespace Camstreamd.Cli;

/// <summary>
/// <c>camstreamd make-certificate --host NAME [--out DIR] [--force]</c>: a self-signed certificate for a LAN name (or
/// address), for people without their own CA: <c>camstreamd.crt</c> and <c>camstreamd.key</c> (created mode 0600,
/// readable by its owner only), then the SHA-256 fingerprint to compare when a browser or client first meets it.
/// ECDSA P-256: a Raspberry Pi signs a handshake with it far faster than with RSA.
/// </summary>
internal static class MakeCertificateCommand
{
    public const string Usage = "usage: camstreamd make-certificate --host NAME [--out DIR] [--force]";

    public const string CertificateFile = "camstreamd.crt";

    public const string KeyFile = "camstreamd.key";

    /// <summary>825 days: the longest validity Apple's clients accept for a TLS server certificate.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(825);

    private const int UsageError = 64;
    private const int CannotCreate = 73;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? host = null;
        string directory = ".";
        bool force = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    directory = args[++i];
                    break;
                case "--force":
                    force = true;
                    break;
                default:
                    error.WriteLine($"camstreamd make-certificate: unknown or incomplete argument '{args[i]}'. {Usage}");
                    return UsageError;
            }
        }

        if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error.WriteLine($"camstreamd make-certificate: --host '{host}' is not a host name or IP address (e.g. camera.local or 192.168.1.20). {Usage}");
            return UsageError;
        }

        string certificatePath = Path.Combine(directory, CertificateFile);
        string keyPath = Path.Combine(directory, KeyFile);
        if (!force && (File.Exists(certificatePath) || File.Exists(keyPath)))
        {
            error.WriteLine($"camstreamd make-certificate: {certificatePath} or {keyPath} exists; clients trusting it would stop connecting. Give --force to replace them.");
            return CannotCreate;
        }

        using X509Certificate2 certificate = Create(host, DateTimeOffset.UtcNow);
        try
        {
            Directory.CreateDirectory(directory);
            File.Delete(keyPath);
            // Created with mode 0600: the key is never readable by others, not even for a moment.
            FileStreamOptions options = new() { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (FileStream key = new(keyPath, options))
            using (StreamWriter writer = new(key))
            {
                writer.Write(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            }

            File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"camstreamd make-certificate: cannot write to {directory}: {e.Message}");
            return CannotCreate;
        }

        output.WriteLine($"wrote {certificatePath} and {keyPath} (the key readable by its owner only), for {host}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
        output.WriteLine($"SHA-256 fingerprint: {CertificateFiles.Fingerprint(certificate)}");
        return 0;
    }

    /// <summary>A self-signed server certificate for <paramref name="host"/>, valid from a day before <paramref name="now"/> (clocks differ).</summary>
    public static X509Certificate2 Create(string host, DateTimeOffset now)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new(new X500DistinguishedName($"CN={host.Replace(",", "", StringComparison.Ordinal)}"), key, HashAlgorithmName.SHA256);
        SubjectAlternativeNameBuilder names = new();
        if (IPAddress.TryParse(host, out IPAddress? address))
        {
            names.AddIpAddress(address);
        }
        else
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "serverAuth")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request.CreateSelfSigned(now.AddDays(-1), now + Validity);
    }
}
