namespace Camstreamd.Authentication;

/// <summary>One entry of <c>Auth:Tokens</c>: a secret for <c>?token=</c>, known in logs by its <see cref="Name"/> only.</summary>
public sealed class AuthTokenOptions
{
    /// <summary>At least this many characters: long enough that guessing one at ten tries a minute is hopeless.</summary>
    public const int MinimumLength = 24;

    /// <summary>What logs and /state show instead of the token (e.g. <c>octoprint</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret itself.</summary>
    public string Token { get; set; } = "";
}
