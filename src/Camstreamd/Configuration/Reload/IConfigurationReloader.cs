namespace Camstreamd.Configuration.Reload;

/// <summary>Re-reads, validates and applies the configuration; the reload service calls it on SIGHUP or a file edit.</summary>
internal interface IConfigurationReloader
{
    /// <summary>Configuration files that exist on disk and whose edits should trigger a reload.</summary>
    IReadOnlyList<string> WatchedFiles();

    /// <summary>True when the new configuration is in force; false with the reason when it was rejected and the old one stays.</summary>
    bool TryReload(out string reason);
}
