namespace Camstreamd.Authentication;

/// <summary>How <see cref="Authenticator"/> answered a request.</summary>
internal enum AuthOutcome
{
    /// <summary>Authentication is off, or the credentials or token are right.</summary>
    Allowed,

    /// <summary>No credentials or wrong ones: 401 with the Basic challenge.</summary>
    Challenge,

    /// <summary>The address failed too often: 429 with Retry-After.</summary>
    LockedOut,

    /// <summary>Too many password checks are waiting: 503 with Retry-After.</summary>
    Busy,
}
