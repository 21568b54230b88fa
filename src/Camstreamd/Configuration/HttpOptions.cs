namespace Camstreamd.Configuration;

/// <summary>The <c>Http</c> section: where the server listens.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>An IP address, or <c>*</c> for every IPv4 and IPv6 address. <value>The default value is 0.0.0.0.</value></summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary><value>The default value is 8080.</value></summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// A PEM certificate (chain) file: with <see cref="CertificateKey"/> it turns on HTTPS on <see cref="Port"/>. A relative
    /// path is looked up in systemd's <c>$CREDENTIALS_DIRECTORY</c> when set. <value>The default value is empty (plain HTTP).</value>
    /// </summary>
    public string Certificate { get; set; } = "";

    /// <summary>The PEM private key of <see cref="Certificate"/>, resolved the same way. <value>The default value is empty.</value></summary>
    public string CertificateKey { get; set; } = "";

    /// <summary>True when HTTPS is configured.</summary>
    public bool UsesTls => Certificate.Length > 0 || CertificateKey.Length > 0;
}
