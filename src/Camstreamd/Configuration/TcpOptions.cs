namespace Camstreamd.Configuration;

/// <summary>The <c>Tcp</c> section: the plain TCP stream (an 8-byte length, then the JPEG, per frame).</summary>
public sealed class TcpOptions
{
    public const string SectionName = "Tcp";

    /// <summary>0 turns the TCP stream off. <value>The default value is 0 (off).</value></summary>
    public int Port { get; set; }

    /// <summary>An IP address, <c>*</c> for every IPv4 and IPv6 address, or empty for <c>Http:Address</c>. <value>The default value is empty: the same as <c>Http:Address</c>.</value></summary>
    public string Address { get; set; } = "";

    /// <summary>At most this many frames per second per reader, like <c>/stream?fps=</c>; 0 sends every frame. <value>The default value is 0 (every frame).</value></summary>
    public double FramesPerSecond { get; set; }

    /// <summary>A raw socket carries no credentials: with <c>Auth:Users</c> set, the TCP stream starts only when this says so. <value>The default value is false.</value></summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>True when every value equals <paramref name="other"/>'s: a reload that changes none leaves readers connected.</summary>
    public bool SameAs(TcpOptions other) =>
        Port == other.Port && Address == other.Address && FramesPerSecond.Equals(other.FramesPerSecond);

    /// <summary>The address to listen on: <see cref="Address"/>, or <paramref name="http"/>'s when empty.</summary>
    public string ListenAddress(HttpOptions http) => string.IsNullOrWhiteSpace(Address) ? http.Address : Address;
}
