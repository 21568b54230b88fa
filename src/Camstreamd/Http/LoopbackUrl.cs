namespace Camstreamd.Http;

/// <summary>Turns a Kestrel listen address into one this process can connect to itself.</summary>
internal static class LoopbackUrl
{
    /// <summary>
    /// <c>http://0.0.0.0:8080</c> becomes <c>http://127.0.0.1:8080/healthz</c>, <c>http://[::]:8080</c> becomes
    /// <c>http://[::1]:8080/healthz</c>; <c>+</c>, <c>*</c> and <c>localhost</c> become 127.0.0.1; a concrete
    /// address stays as it is; <c>https://</c> (Http:Certificate) stays https. Returns null for what is not http(s) over TCP (e.g. a unix socket).
    /// </summary>
    public static Uri? For(string address, string path)
    {
        ArgumentNullException.ThrowIfNull(address);
        string? scheme = address.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "http://"
            : address.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "https://" : null;
        if (scheme is null || address.Contains("unix:", StringComparison.Ordinal))
        {
            return null;
        }

        string authority = address[scheme.Length..].TrimEnd('/');
        int colon = authority.LastIndexOf(':');
        if (colon <= 0 || colon == authority.Length - 1 || authority.EndsWith(']'))
        {
            return null;
        }

        string host = authority[..colon];
        string port = authority[(colon + 1)..];
        host = host switch
        {
            "0.0.0.0" or "+" or "*" or "localhost" => "127.0.0.1",
            "[::]" or "[::0]" => "[::1]",
            _ => host,
        };
        return Uri.TryCreate($"{scheme}{host}:{port}{path}", UriKind.Absolute, out Uri? uri) ? uri : null;
    }
}
