using Camstreamd.Configuration;

namespace Camstreamd.Tests.Configuration;

/// <summary>Inputs that `make fuzz` (target config) found, kept as regular tests: each must be an error line naming the file, never an exception.</summary>
public sealed class ConfigurationFuzzFindingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("camstreamd-fuzz-finding-").FullName;

    // The first "crash" of the config target: bytes that are not JSON. System.Text.Json's JsonReaderException escaped
    // when the harness read through AddJsonStream; the daemon reads through AddJsonFile, which wraps it, and
    // SettingsLoader turns that into this line. The harness now runs SettingsLoader.Load itself.
    private const string NotJson = "gCJDBf//BWEiPoQiU291cmNlIjoidGVzdHBhdHRldWFsaXR5ZHJuIoAiRnJhbWVzUGVyU2Vjb24iOjV9LCJTdHLa2tra2tra2tr72tra2tra2traxdra2tosIlN0YWxldWFsaXR5IHJubCJ9LCJUY1MiOnsiUG9ydCI6MH1/";

    [Fact]
    public void Load_BytesThatAreNotJson_IsOneErrorNamingTheFile()
    {
        string file = Path.Combine(_directory, "appsettings.json");
        File.WriteAllBytes(file, Convert.FromBase64String(NotJson));
        List<string> errors = new();

        CamstreamdSettings? settings = new SettingsLoader(["--config", file]).Load(errors);

        Assert.Null(settings);
        Assert.StartsWith($"cannot read the configuration file {file}", Assert.Single(errors), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
