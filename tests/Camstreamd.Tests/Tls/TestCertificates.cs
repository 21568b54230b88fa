using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Tls;

/// <summary>Certificate pairs for the TLS tests: made by the real <c>camstreamd make-certificate</c>, or broken on purpose with CertificateRequest.</summary>
internal static class TestCertificates
{
    /// <summary>Runs <c>camstreamd make-certificate</c> for localhost into <paramref name="directory"/>.</summary>
    public static Task<ProcessResult> MakeAsync(string directory, params string[] more) =>
        ProcessRunner.RunAsync(DaemonBinary.Program, [.. DaemonBinary.Arguments, "make-certificate", "--host", "localhost", "--out", directory, .. more], TimeSpan.FromSeconds(60));

    /// <summary>Writes a PEM pair whose certificate is valid from <paramref name="notBefore"/> to <paramref name="notAfter"/>.</summary>
    public static void WritePair(string certificatePath, string keyPath, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = new("CN=localhost", key, HashAlgorithmName.SHA256);
        using X509Certificate2 certificate = request.CreateSelfSigned(notBefore, notAfter);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The SHA-256 fingerprint (hex, no colons) of the certificate a new TLS connection to <paramref name="port"/> gets.</summary>
    public static async Task<string> PresentedFingerprintAsync(int port)
    {
        using TcpClient client = new();
        await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(10));
        await using SslStream tls = new(client.GetStream(), leaveInnerStreamOpen: false, (_, _, _, _) => true);
        await tls.AuthenticateAsClientAsync("localhost").WaitAsync(TimeSpan.FromSeconds(10));
        return Convert.ToHexString(SHA256.HashData(tls.RemoteCertificate!.GetRawCertData()));
    }

    public static string FingerprintOf(string certificatePath)
    {
        using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        return Convert.ToHexString(SHA256.HashData(certificate.RawData));
    }

    /// <summary>Waits until curl with the CA file gets 200 from /healthz over HTTPS (the daemon was started without waiting).</summary>
    public static async Task WaitUntilServingAsync(DaemonProcess daemon, string caFile)
    {
        await Eventually.TrueAsync(
            async () =>
            {
                if (daemon.HasExited)
                {
                    throw new InvalidOperationException($"camstreamd exited with {daemon.ExitCode}: {daemon.Output}");
                }

                ProcessResult probe = await ProcessRunner.RunAsync("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "3", "--cacert", caFile, "--resolve", $"localhost:{daemon.Port}:127.0.0.1", $"https://localhost:{daemon.Port}/healthz"], TimeSpan.FromSeconds(30));
                return probe.StandardOutput.Trim() == "200";
            },
            TimeSpan.FromSeconds(45),
            () => $"camstreamd did not answer https://localhost:{daemon.Port}/healthz: {daemon.Output}");
    }
}
