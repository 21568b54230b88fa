using System.Text;
using Camstreamd.Security;

namespace Camstreamd.Cli.Receive;

/// <summary>
/// What <c>camstreamd receive</c> reads: <c>tcp://HOST:PORT</c> or an <c>http(s)://</c> MJPEG stream. Credentials
/// in an HTTP URL (IP cameras) are sent as Basic authentication and never printed: messages use <see cref="Display"/>.
/// </summary>
internal sealed class StreamUrl
{
    private StreamUrl(Uri uri)
    {
        Uri = uri;
        IsTcp = uri.Scheme == "tcp";
        Display = Redact.Url(uri.OriginalString);
    }

    public Uri Uri { get; }

    public bool IsTcp { get; }

    /// <summary>The URL with its secrets hidden (<see cref="Redact"/>), for messages.</summary>
    public string Display { get; }

    /// <summary>The <c>Authorization</c> value for credentials in the URL, or null.</summary>
    public string? BasicAuthorization => string.IsNullOrEmpty(Uri.UserInfo)
        ? null
        : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(Uri.UserInfo)));

    public static StreamUrl? Parse(string text, out string? error)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || string.IsNullOrEmpty(uri.Host))
        {
            string hint = text.Contains("://", StringComparison.Ordinal) || text.Contains(' ', StringComparison.Ordinal) ? "" : $" (for the TCP stream: tcp://{text})";
            error = $"'{Redact.Url(text)}' is not a URL; allowed: tcp://HOST:PORT or http(s)://HOST:PORT/stream{hint}";
            return null;
        }

        switch (uri.Scheme)
        {
            case "tcp":
                if (uri.IsDefaultPort || uri.Port is <= 0 or > 65535)
                {
                    error = $"'{Redact.Url(text)}' has no port; allowed: tcp://HOST:PORT, the daemon's Tcp:Port";
                    return null;
                }

                break;
            case "http" or "https":
                break;
            default:
                error = $"'{Redact.Url(text)}' has the scheme '{uri.Scheme}'; allowed: tcp://HOST:PORT or http(s)://HOST:PORT/stream";
                return null;
        }

        error = null;
        return new StreamUrl(uri);
    }
}
