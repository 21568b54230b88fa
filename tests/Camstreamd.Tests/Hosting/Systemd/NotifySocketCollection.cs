namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>
/// Tests that give this process a NOTIFY_SOCKET. Microsoft.Extensions.Hosting.Systemd's notifier reads the
/// variable from the process environment when it is created, and every host built meanwhile would read it too,
/// so these tests run after the parallel ones, one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotifySocketCollection
{
    public const string Name = "NOTIFY_SOCKET in the process environment";
}
