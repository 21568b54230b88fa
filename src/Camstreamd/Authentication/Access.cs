namespace Camstreamd.Authentication;

/// <summary>What a request must show when authentication is on (see <see cref="AccessRules"/>).</summary>
internal enum Access
{
    /// <summary>Nothing: <c>/healthz</c>, for watchdogs and load balancers.</summary>
    Anonymous,

    /// <summary>A user's credentials or a read-only <c>?token=</c>: the stream and snapshot endpoints.</summary>
    UserOrToken,

    /// <summary>A user's credentials: everything else, including any endpoint added later.</summary>
    User,
}
