namespace Camstreamd.Configuration;

/// <summary>The <c>Http</c> section: where the server listens.</summary>
public sealed class HttpOptions
{
    public const string SectionName = "Http";

    /// <summary>An IP address, or <c>*</c> for every IPv4 and IPv6 address. <value>The default value is 0.0.0.0.</value></summary>
    public string Address { get; set; } = "0.0.0.0";

    /// <summary><value>The default value is 8080.</value></summary>
    public int Port { get; set; } = 8080;
}
