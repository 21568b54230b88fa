using System.Reflection;
using Camstreamd.Configuration;

namespace Camstreamd.Tests.Configuration;

public sealed class SettingsLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("camstreamd-settings-").FullName;

    [Fact]
    public void Load_LaterSourcesWin_AndDurationsAreSeconds()
    {
        string file = Write("""{ "Camera": { "Width": 800, "Height": 600 }, "Streaming": { "IdleTimeout": 30, "StallTimeout": "00:00:20" } }""");

        CamstreamdSettings settings = Load("--config", file, "--Camera:Width=1024", "--Streaming:KeepaliveInterval=0.5");

        Assert.Equal(1024, settings.Camera.Width);
        Assert.Equal(600, settings.Camera.Height);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Streaming.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), settings.Streaming.StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(0.5), settings.Streaming.KeepaliveInterval);
    }

    [Fact]
    public void Load_WithNothingConfigured_GivesTheDocumentedDefaults()
    {
        CamstreamdSettings settings = Load("--config", Write("{}"));

        Assert.Equal("auto", settings.Camera.Source);
        Assert.Equal(2, settings.Streaming.ClientQueueCapacity);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Streaming.StallTimeout);
        Assert.Equal(64, settings.Streaming.MaxClients);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.Streaming.KeepaliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Streaming.SnapshotTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.Streaming.IdleTimeout);
        Assert.Equal("0.0.0.0", settings.Http.Address);
        Assert.Equal(8080, settings.Http.Port);
    }

    [Fact]
    public void Load_TheShippedConfigFile_IsValidAndEqualsTheBuiltInDefaults()
    {
        string shipped = Path.Combine(RepositoryRoot(), "config", "appsettings.json");

        CamstreamdSettings fromFile = Load("--config", shipped);
        CamstreamdSettings builtIn = Load("--config", Write("{}"));

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(builtIn), System.Text.Json.JsonSerializer.Serialize(fromFile));
    }

    [Fact]
    public void Load_CollectsEveryError_NotJustTheFirst()
    {
        List<string> errors = new();
        SettingsLoader loader = new(["--config", Write("{}"), "--Camera:JpegQuality=0", "--Streaming:MaxClients=0", "--Streaming:ExitWhenIdle=true", "--Streaming:IdleTimeout=0"]);

        Assert.Null(loader.Load(errors));
        Assert.Equal(3, errors.Count);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static CamstreamdSettings Load(params string[] arguments)
    {
        List<string> errors = new();
        CamstreamdSettings? settings = new SettingsLoader(arguments).Load(errors);
        Assert.True(settings is not null, string.Join("\n", errors));
        return settings;
    }

    private string Write(string json)
    {
        string path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    private static string RepositoryRoot() =>
        typeof(SettingsLoaderTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "RepositoryRoot").Value!;
}
