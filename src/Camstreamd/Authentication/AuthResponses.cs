using System.Globalization;

namespace Camstreamd.Authentication;

/// <summary>The refusals' status codes, headers and bodies, the same from Kestrel and from the direct stream path. They say what to do, never which part was wrong.</summary>
internal static class AuthResponses
{
    /// <summary>RFC 7617: the realm a browser shows in its prompt, and UTF-8 for names and passwords beyond ASCII.</summary>
    public const string Challenge = "Basic realm=\"camstreamd\", charset=\"UTF-8\"";

    public const string ChallengeReason = "authentication required";

    public const string LockedOutReason = "too many failed authentications from this address; try again later";

    public const string BusyReason = "too many password checks at once; try again";

    /// <summary>Whole seconds, rounded up, for <c>Retry-After</c>.</summary>
    public static string RetryAfter(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
