using Camstreamd.Configuration;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// An appsettings.json through exactly what startup and reload run: <see cref="SettingsLoader.Load"/> reads the file
/// (JSON provider), binds every section (our binder: JSON values to typed options) and validates. Whatever the
/// bytes, the answer is settings or error lines, never an exception. The file lives in /dev/shm (memory) when it
/// exists, one per process.
/// </summary>
internal static class ConfigurationTarget
{
    private static readonly string Path = System.IO.Path.Combine(
        Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath(),
        $"camstreamd-fuzz-{Environment.ProcessId}.json");

    public static void Run(byte[] input)
    {
        File.WriteAllBytes(Path, input);
        List<string> errors = new();
        CamstreamdSettings? settings = new SettingsLoader(["--config", Path]).Load(errors);
        Check.That((settings is null) == (errors.Count > 0), "settings and errors together, or neither");
    }
}
