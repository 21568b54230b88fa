namespace Camstreamd.Tests.Configuration.Reload;

/// <summary>
/// The apply step of <see cref="ConfigurationRootReloader"/> after a reload (SIGHUP or an edited file).
/// Called only after the file parsed and every registered options validator passed.
/// </summary>
internal interface IConfigurationApplier
{
    /// <summary>
    /// Applies what changed (keeping viewers where the change allows it, restarting capture where it must);
    /// returns false with the reason, keeping the running settings, when it cannot.
    /// </summary>
    bool TryApply(out string reason);
}
