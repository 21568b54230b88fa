using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Camstreamd.Configuration;

namespace Camstreamd.Tls;

/// <summary>
/// Reads <c>Http:Certificate</c> and <c>Http:CertificateKey</c> into a certificate Kestrel can serve, or says which file is
/// wrong and why. A relative path is resolved in <c>$CREDENTIALS_DIRECTORY</c> when systemd set it (<c>LoadCredential=</c>,
/// systemd.exec(5)): the key then never has to be readable by the service's user where it is stored.
/// </summary>
internal static class CertificateFiles
{
    /// <summary>Set by systemd for a service with <c>LoadCredential=</c> (systemd 247 and later).</summary>
    public const string CredentialsDirectoryVariable = "CREDENTIALS_DIRECTORY";

    /// <summary>Where <paramref name="configured"/> points: as given when absolute, else in the credentials directory, else as given (relative to the working directory).</summary>
    public static string Resolve(string configured, string? credentialsDirectory)
    {
        if (Path.IsPathRooted(configured) || string.IsNullOrEmpty(credentialsDirectory))
        {
            return configured;
        }

        return Path.Combine(credentialsDirectory, configured);
    }

    public static string Resolve(string configured) =>
        Resolve(configured, Environment.GetEnvironmentVariable(CredentialsDirectoryVariable));

    /// <summary>
    /// Loads the pair of <paramref name="http"/>. Returns the certificate, or null with <paramref name="error"/> naming the key,
    /// the file and the reason (missing, unreadable, not PEM, the key does not match, expired at <paramref name="now"/>).
    /// </summary>
    public static X509Certificate2? TryLoad(HttpOptions http, DateTimeOffset now, out string error)
    {
        if (http.Certificate.Length == 0 || http.CertificateKey.Length == 0)
        {
            string missing = http.Certificate.Length == 0 ? "Http:Certificate" : "Http:CertificateKey";
            string given = http.Certificate.Length == 0 ? "Http:CertificateKey" : "Http:Certificate";
            error = $"{given} is set but {missing} is empty; allowed: both (PEM files, HTTPS) or neither (plain HTTP).";
            return null;
        }

        string certificatePath = Resolve(http.Certificate);
        string keyPath = Resolve(http.CertificateKey);
        if ((CheckReadable("Http:Certificate", certificatePath) ?? CheckReadable("Http:CertificateKey", keyPath)) is { } unreadable)
        {
            error = unreadable;
            return null;
        }

        // Each file on its own first, so the message names the one that is wrong. (The runtime's own messages are
        // resource keys in this build, UseSystemResourceKeys, so they are not shown.)
        if (!HoldsCertificate(certificatePath))
        {
            error = $"Http:Certificate '{certificatePath}' holds no PEM certificate; allowed: a file with -----BEGIN CERTIFICATE-----.";
            return null;
        }

        if (!HoldsPrivateKey(keyPath))
        {
            error = $"Http:CertificateKey '{keyPath}' holds no unencrypted PEM private key (RSA or EC); allowed: a file with -----BEGIN PRIVATE KEY----- (or RSA/EC PRIVATE KEY).";
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            error = $"Http:CertificateKey '{keyPath}' is not the key of Http:Certificate '{certificatePath}'; allowed: a PEM certificate and the private key it was made for.";
            return null;
        }

        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"Http:Certificate '{certificatePath}' expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; allowed: a certificate valid now (renew it, or make one with `camstreamd make-certificate`).");
            certificate.Dispose();
            return null;
        }

        error = "";
        return certificate;
    }

    /// <summary>The SHA-256 fingerprint as browsers and <c>openssl x509 -fingerprint -sha256</c> show it (AB:CD:...).</summary>
    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256)).Chunk(2).Aggregate("", (text, pair) => text.Length == 0 ? new string(pair) : $"{text}:{new string(pair)}");

    private static bool HoldsCertificate(string path)
    {
        try
        {
            using X509Certificate2 certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            return true;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return false;
        }
    }

    private static bool HoldsPrivateKey(string path)
    {
        string pem = File.ReadAllText(path);
        using ECDsa ec = ECDsa.Create();
        using RSA rsa = RSA.Create();
        foreach (AsymmetricAlgorithm algorithm in new AsymmetricAlgorithm[] { ec, rsa })
        {
            try
            {
                algorithm.ImportFromPem(pem);
                return true;
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                // Not this kind of key; try the next.
            }
        }

        return false;
    }

    private static string? CheckReadable(string key, string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return null;
        }
        catch (FileNotFoundException)
        {
            return $"{key} '{path}' does not exist; allowed: a readable PEM file{CredentialsHint(path)}.";
        }
        catch (DirectoryNotFoundException)
        {
            return $"{key} '{path}' does not exist (no such directory); allowed: a readable PEM file{CredentialsHint(path)}.";
        }
        catch (UnauthorizedAccessException)
        {
            return $"{key} '{path}' is not readable by this user; allowed: a file it may read (under systemd, pass the key with LoadCredential= and give its name).";
        }
        catch (IOException e)
        {
            return $"{key} '{path}' cannot be read: {e.Message}";
        }
    }

    private static string CredentialsHint(string path) =>
        Environment.GetEnvironmentVariable(CredentialsDirectoryVariable) is { Length: > 0 } directory && path.StartsWith(directory, StringComparison.Ordinal)
            ? $" (a relative path is looked up in $CREDENTIALS_DIRECTORY, {directory}: is there a LoadCredential= of that name?)"
            : "";
}
