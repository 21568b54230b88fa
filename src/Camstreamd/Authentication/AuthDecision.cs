namespace Camstreamd.Authentication;

/// <summary>The answer to one request: the outcome, who it is when allowed (null when authentication is off), how long to wait when refused.</summary>
internal readonly record struct AuthDecision(AuthOutcome Outcome, string? Identity, TimeSpan RetryAfter)
{
    public static AuthDecision Open { get; } = new(AuthOutcome.Allowed, null, TimeSpan.Zero);

    public static AuthDecision Challenge { get; } = new(AuthOutcome.Challenge, null, TimeSpan.Zero);

    public static AuthDecision Allowed(string identity) => new(AuthOutcome.Allowed, identity, TimeSpan.Zero);
}
