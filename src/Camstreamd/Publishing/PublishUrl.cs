namespace Camstreamd.Publishing;

/// <summary>
/// A <c>Publish:Targets:N:Url</c> taken apart: its scheme, the password it may carry and the forms it is
/// shown or handed on in. The password never leaves this type except in <see cref="Original"/>, which only
/// the ffmpeg command line and its preset file see; everything printed uses <see cref="Redacted"/> or
/// <see cref="Mask"/>.
/// </summary>
internal sealed class PublishUrl
{
    public const string Hidden = "***";

    public static readonly string[] Schemes = ["rtsp", "rtsps", "rtmp", "rtmps"];

    private PublishUrl(string original, string scheme, string? userInfo, string? password, string hostAndPort, string pathAndQuery)
    {
        Original = original;
        Scheme = scheme;
        UserInfo = userInfo;
        Password = password;
        HostAndPort = hostAndPort;
        PathAndQuery = pathAndQuery;
        Redacted = password is null ? original : $"{scheme}://{RedactedUserInfo}@{hostAndPort}{pathAndQuery}";
    }

    /// <summary>The URL as configured, password included.</summary>
    public string Original { get; }

    /// <summary>Lower case: rtsp, rtsps, rtmp or rtmps.</summary>
    public string Scheme { get; }

    public bool IsRtsp => Scheme is "rtsp" or "rtsps";

    /// <summary><c>user</c> or <c>user:password</c> as written, or null.</summary>
    public string? UserInfo { get; }

    public string? Password { get; }

    public string HostAndPort { get; }

    /// <summary>Everything after the host and port: <c>/live/cam?key=...</c>, or empty.</summary>
    public string PathAndQuery { get; }

    /// <summary>The URL with its password replaced by <c>***</c>: what logs, /state and /metrics show.</summary>
    public string Redacted { get; }

    private string RedactedUserInfo => Password is null ? UserInfo ?? "" : UserInfo![..(UserInfo!.Length - Password.Length)] + Hidden;

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
        int colon = userInfo?.IndexOf(':') ?? -1;
        string? password = colon < 0 ? null : userInfo![(colon + 1)..];
        var url = new PublishUrl(text, scheme, userInfo, password, hostAndPort, pathAndQuery);
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
    /// Any text that may be a URL, even one too broken to parse, with what stands between <c>user:</c> and
    /// <c>@</c> replaced by <c>***</c>: for the message that says why a URL was refused.
    /// </summary>
    public static string RedactAny(string text)
    {
        int start = text.IndexOf("://", StringComparison.Ordinal);
        start = start < 0 ? 0 : start + 3;
        int end = text.IndexOfAny(['/', '?', '#'], start);
        end = end < 0 ? text.Length : end;
        int at = text.LastIndexOf('@', end - 1, end - start);
        int colon = at < 0 ? -1 : text.IndexOf(':', start, at - start);
        return colon < 0 ? text : string.Concat(text.AsSpan(0, colon + 1), Hidden, text.AsSpan(at));
    }

    /// <summary>
    /// <paramref name="text"/> (an error message, a line ffmpeg wrote) with this URL's password replaced by
    /// <c>***</c>, wherever ffmpeg may have echoed it: in the URL, or alone.
    /// </summary>
    public string Mask(string text)
    {
        if (Password is null || Password.Length == 0)
        {
            return text;
        }

        text = text.Replace(UserInfo! + "@", RedactedUserInfo + "@", StringComparison.Ordinal);
        string decoded = Uri.UnescapeDataString(Password);
        text = text.Replace(Password, Hidden, StringComparison.Ordinal);
        return decoded == Password ? text : text.Replace(decoded, Hidden, StringComparison.Ordinal);
    }

    public override string ToString() => Redacted;
}
