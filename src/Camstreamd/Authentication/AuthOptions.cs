using Camstreamd.Configuration;

namespace Camstreamd.Authentication;

/// <summary>
/// The <c>Auth</c> section: who may watch. Empty by default (open, as ustreamer and mjpg-streamer are);
/// one user in <see cref="Users"/> turns authentication on for every endpoint but <c>/healthz</c>.
/// </summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>HTTP Basic users, each with a <c>camstreamd hash-password</c> string. <value>The default value is an empty list (no authentication).</value></summary>
    public OptionsList<AuthUserOptions> Users { get; set; } = [];

    /// <summary>Read-only tokens for <c>?token=</c> on the stream and snapshot endpoints. <value>The default value is an empty list.</value></summary>
    public OptionsList<AuthTokenOptions> Tokens { get; set; } = [];

    /// <summary>True when requests must authenticate.</summary>
    public bool IsEnabled => Users.Count > 0;
}
