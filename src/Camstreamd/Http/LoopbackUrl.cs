namespace Camstreamd.Http;

/// <summary>Turns a Kestrel listen address into one this process can connect to itself.</summary>
internal static class LoopbackUrl
{
    /// <summary>
    /// <c>http://0.0.0.0:8080</c> becomes <c>http://127.0.0.1:8080/healthz</c>, <c>http://[::]:8080</c> becomes
    /// <c>http://[::1]:8080/healthz</c>; <c>+</c>, <c>*</c> and <c>localhost</c> become 127.0.0.1; a concrete
    /// address stays as it is. Returns null for what is not http over TCP (e.g. a unix socket).
    /// </summary>
    public static Uri? For(string address, string path)
    {
        ArgumentNullException.ThrowIfNull(address);
        const string Scheme = "http://";
        if (!address.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || address.Contains("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        var authority = address[Scheme.Length..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || colon == authority.Length - 1 || authority.EndsWith(']'))
        {
            return null;
        }

        var host = authority[..colon];
        var port = authority[(colon + 1)..];
        host = host switch
        {
            "0.0.0.0" or "+" or "*" or "localhost" => "127.0.0.1",
            "[::]" or "[::0]" => "[::1]",
            _ => host,
        };
        return Uri.TryCreate($"http://{host}:{port}{path}", UriKind.Absolute, out var uri) ? uri : null;
    }
}
