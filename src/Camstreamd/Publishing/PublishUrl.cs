using Camstreamd.Security;

namespace Camstreamd.Publishing;

/// <summary>
/// A <c>Publish:Targets:N:Url</c> taken apart: its scheme, the secrets it may carry (password, RTMP stream
/// key, query values: see <see cref="Redact"/>) and the forms it is shown or handed on in. The secrets never
/// leave this type except in <see cref="Original"/>, which only the ffmpeg command line and its preset file
/// see; everything printed uses <see cref="Redacted"/> or <see cref="Mask"/>.
/// </summary>
internal sealed class PublishUrl
{
    public static readonly string[] Schemes = ["rtsp", "rtsps", "rtmp", "rtmps"];

    /// <summary>
    /// A stream key or query value shorter than this (<c>?x=1</c>, <c>/live/a</c>) is hidden in URLs only, not
    /// wherever it appears alone: masking every "1" would garble ffmpeg's lines. The password is hidden always.
    /// </summary>
    private const int ShortestBareSecret = 4;

    // Longest first, each as written and unescaped: ffmpeg may echo either.
    private readonly string[] _secrets;

    private PublishUrl(string original, string scheme, string? userInfo, string hostAndPort, string pathAndQuery)
    {
        Original = original;
        Scheme = scheme;
        UserInfo = userInfo;
        HostAndPort = hostAndPort;
        PathAndQuery = pathAndQuery;
        Redacted = Redact.Url(original);
        int colon = userInfo?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        string? password = colon < 0 ? null : userInfo![(colon + 1)..];
        _secrets = [.. Redact.SecretsOf(original)
            .Where(secret => secret == password || secret.Length >= ShortestBareSecret)
            .SelectMany(secret => new[] { secret, Uri.UnescapeDataString(secret) })
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(secret => secret.Length)];
    }

    /// <summary>The URL as configured, password included.</summary>
    public string Original { get; }

    /// <summary>Lower case: rtsp, rtsps, rtmp or rtmps.</summary>
    public string Scheme { get; }

    public bool IsRtsp => Scheme is "rtsp" or "rtsps";

    /// <summary><c>user</c> or <c>user:password</c> as written, or null.</summary>
    public string? UserInfo { get; }

    public string HostAndPort { get; }

    /// <summary>Everything after the host and port: <c>/live/cam?key=...</c>, or empty.</summary>
    public string PathAndQuery { get; }

    /// <summary>The URL with its secrets replaced by <c>***</c>: what logs, /state and /metrics show.</summary>
    public string Redacted { get; }

    /// <summary>Parses <paramref name="text"/>, or returns null with a reason that never contains the password.</summary>
    public static PublishUrl? TryParse(string text, out string? problem)
    {
        problem = null;
        text = text.Trim();
        int separator = text.IndexOf("://", StringComparison.Ordinal);
        string scheme = separator > 0 ? text[..separator].ToLowerInvariant() : "";
        if (!Schemes.Contains(scheme))
        {
            problem = "the scheme must be rtsp://, rtsps://, rtmp:// or rtmps://";
            return null;
        }

        string rest = text[(separator + 3)..];
        int authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        string authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        string pathAndQuery = authorityEnd < 0 ? "" : rest[authorityEnd..];
        int at = authority.LastIndexOf('@');
        string? userInfo = at < 0 ? null : authority[..at];
        string hostAndPort = authority[(at + 1)..];
        PublishUrl url = new(text, scheme, userInfo, hostAndPort, pathAndQuery);
        if (hostAndPort.Length == 0 || !Uri.TryCreate($"{scheme}://{hostAndPort}/", UriKind.Absolute, out Uri? parsed) || parsed.Host.Length == 0)
        {
            problem = "it has no valid host (rtsp://host:port/path)";
            return null;
        }

        if (pathAndQuery.Contains(' ', StringComparison.Ordinal) || pathAndQuery.Contains('#', StringComparison.Ordinal))
        {
            problem = "its path must not contain spaces or '#'";
            return null;
        }

        return url;
    }

    /// <summary>
    /// <paramref name="text"/> (an error message, a line ffmpeg wrote) with this URL's secrets replaced by
    /// <c>***</c>, wherever ffmpeg may have echoed them: in the URL, or alone.
    /// </summary>
    public string Mask(string text)
    {
        text = Redact.UrlsIn(text.Replace(Original, Redacted, StringComparison.Ordinal));
        foreach (string secret in _secrets)
        {
            text = text.Replace(secret, Redact.Hidden, StringComparison.Ordinal);
        }

        return text;
    }

    public override string ToString() => Redacted;
}
