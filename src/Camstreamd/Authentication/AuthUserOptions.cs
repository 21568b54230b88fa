namespace Camstreamd.Authentication;

/// <summary>One entry of <c>Auth:Users</c>.</summary>
public sealed class AuthUserOptions
{
    /// <summary>The user name a browser or <c>http://user:password@host/</c> sends.</summary>
    public string Name { get; set; } = "";

    /// <summary>The output of <c>camstreamd hash-password</c> (<see cref="PasswordHash"/>), never the password itself.</summary>
    public string PasswordHash { get; set; } = "";
}
