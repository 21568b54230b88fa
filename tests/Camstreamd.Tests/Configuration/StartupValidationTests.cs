using System.Net;
using System.Net.Sockets;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Configuration;

/// <summary>The real daemon binary with a bad configuration: it must exit non-zero before serving, saying why.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("camstreamd-config-").FullName;

    [Theory]
    [InlineData("--Camera:JpegQuality=150", "Camera:JpegQuality is 150; allowed: 1 to 100.")]
    [InlineData("--Camera:Source=webcam", "Camera:Source is 'webcam'; allowed: auto, testpattern, folder")]
    [InlineData("--Camera:Width=0", "Camera:Width is 0; allowed: 16 to 8192.")]
    [InlineData("--Camera:Height=abc", "Camera:Height is 'abc'; allowed: a whole number.")]
    [InlineData("--Camera:Widht=640", "Camera:Widht is not a known key; the Camera keys are: Source, Width, Height")]
    [InlineData("--Streaming:StallTimeout=soon", "Streaming:StallTimeout is 'soon'; allowed: a duration in seconds")]
    [InlineData("--Http:Port=70000", "Http:Port is 70000; allowed: 0 to 65535.")]
    [InlineData("--Camera:Rotation=45", "Camera:Rotation is 45; allowed: 0, 90, 180 or 270.")]
    [InlineData("--Gif:Dither=ordered", "Gif:Dither is 'ordered'; allowed: none or floyd-steinberg.")]
    [InlineData("--Gif:Widht=320", "Gif:Widht is not a known key; the Gif keys are: Enabled, Width, FramesPerSecond, Colors, Dither.")]
    public async Task BadValue_ExitsWithTheConfigurationErrorCodeAndNamesKeyValueAndWhatIsAllowed(string argument, string expected)
    {
        ProcessResult result = await RunDaemonAsync(argument);

        Assert.Equal(78, result.ExitCode);
        Assert.Contains(expected, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingFolder_IsAStartupError()
    {
        ProcessResult result = await RunDaemonAsync("--Camera:Source=folder", "--Camera:Folder=/nonexistent/camstreamd-frames");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Camera:Folder is '/nonexistent/camstreamd-frames', which does not exist", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigFile_WithABadValue_IsNamedInTheError_AndEnvironmentOverridesTheFile()
    {
        string file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Camera": { "JpegQuality": 150 } }""");

        ProcessResult fromFile = await RunDaemonWithConfigAsync(file, new Dictionary<string, string>(), "--Http:Port=1");
        ProcessResult fromEnvironment = await RunDaemonWithConfigAsync(file, new Dictionary<string, string> { ["CAMSTREAMD_Camera__JpegQuality"] = "80", ["CAMSTREAMD_Camera__FramesPerSecond"] = "0" });

        Assert.Equal(78, fromFile.ExitCode);
        Assert.Contains(file, fromFile.StandardError, StringComparison.Ordinal);
        Assert.Contains("Camera:JpegQuality is 150", fromFile.StandardError, StringComparison.Ordinal);
        Assert.Equal(78, fromEnvironment.ExitCode);
        Assert.DoesNotContain("JpegQuality", fromEnvironment.StandardError, StringComparison.Ordinal);
        Assert.Contains("Camera:FramesPerSecond is 0; allowed: 0.1 to 240.", fromEnvironment.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokenJsonFile_IsReportedWithItsPath()
    {
        string file = Path.Combine(_directory, "broken.json");
        await File.WriteAllTextAsync(file, """{ "Camera": { "Width": 640, """);

        ProcessResult result = await RunDaemonWithConfigAsync(file, new Dictionary<string, string>());

        Assert.Equal(78, result.ExitCode);
        Assert.Contains($"cannot read the configuration file {file}", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingConfigFileGivenOnTheCommandLine_IsAnError()
    {
        ProcessResult result = await RunDaemonWithConfigAsync("/nonexistent/camstreamd.json", new Dictionary<string, string>());

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("/nonexistent/camstreamd.json", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderTheJournal_EveryStartupErrorLineCarriesTheErrPriorityPrefix()
    {
        string file = Path.Combine(_directory, "appsettings.json");
        await File.WriteAllTextAsync(file, """{ "Camera": { "Width": 7 } }""");

        ProcessResult journal = await RunDaemonWithConfigAsync(file, new Dictionary<string, string> { ["JOURNAL_STREAM"] = "8:12345" });
        ProcessResult terminal = await RunDaemonWithConfigAsync(file, new Dictionary<string, string> { ["JOURNAL_STREAM"] = "", ["INVOCATION_ID"] = "" });

        Assert.Equal(78, journal.ExitCode);
        string[] lines = journal.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("<3>", line, StringComparison.Ordinal));
        Assert.Contains("<3>  Camera:Width is 7; allowed: 16 to 8192.", journal.StandardError, StringComparison.Ordinal);
        Assert.Equal(78, terminal.ExitCode);
        Assert.DoesNotContain("<3>", terminal.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Not a configuration error, but one the operator meets at start: the HTTP port is taken. One line that names the
    /// endpoint and the keys, and an exit code the service manager restarts on (the port may come free); it crashed with
    /// an unhandled exception (SIGABRT) before, and the stream supervisor's thread failed on its disposed event.
    /// </summary>
    [Fact]
    public async Task HttpPortInUse_ExitsWithOneClearLine_NotACrash()
    {
        using TcpListener taken = new(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;

        ProcessResult result = await RunDaemonAsync($"--Http:Port={port}", "--Camera:Source=testpattern");

        Assert.True(result.ExitCode == 75, $"exit code {result.ExitCode}: {result.Output}");
        Assert.Contains($"camstreamd: cannot listen on 127.0.0.1:{port} (Http:Address, Http:Port): another program, perhaps another camstreamd, uses that port", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("ObjectDisposedException", result.Output, StringComparison.Ordinal);
    }

    private Task<ProcessResult> RunDaemonAsync(params string[] arguments)
    {
        string empty = Path.Combine(_directory, "empty.json");
        File.WriteAllText(empty, "{}");
        return RunDaemonWithConfigAsync(empty, new Dictionary<string, string>(), arguments);
    }

    private static Task<ProcessResult> RunDaemonWithConfigAsync(string config, Dictionary<string, string> environment, params string[] arguments) =>
        ProcessRunner.RunAsync(DaemonBinary.Program, [.. DaemonBinary.Arguments, "--config", config, "--Http:Address=127.0.0.1", "--Http:Port=0", .. arguments], TimeSpan.FromSeconds(60), environment);
}
