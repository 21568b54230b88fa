using Camstreamd.Configuration;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Configuration;

/// <summary>Camera:Command is checked at start: one line naming the key, the value and what is allowed.</summary>
public sealed class CommandValidationTests : IDisposable
{
    private readonly TempDirectory _directory = new("camstreamd-command-config-");

    [Theory]
    [InlineData("ffmpeg -f lavfi -i testsrc -f mjpeg -")]
    [InlineData("  /bin/sh -c 'cat /dev/null'")]
    [InlineData("'/usr/bin/ffmpeg' -i x -f mjpeg -")]
    [InlineData("ffmpeg|cat")]
    public void ProgramThatExists_IsAccepted(string command)
    {
        Assert.Empty(Validate("command", command));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyCommand_IsOneErrorNamingTheKeyAndAnExample(string command)
    {
        string error = Assert.Single(Validate("command", command));

        Assert.StartsWith("Camera:Command is empty; Camera:Source 'command' needs a command line", error, StringComparison.Ordinal);
        Assert.Contains("rpicam-vid", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgramNotOnPath_IsOneErrorNamingKeyValueAndProgram()
    {
        string error = Assert.Single(Validate("command", "rpicam-vdi -t 0 -o -"));

        Assert.StartsWith("Camera:Command is 'rpicam-vdi -t 0 -o -'; allowed: a command line whose first word is an installed program", error, StringComparison.Ordinal);
        Assert.Contains("'rpicam-vdi' is not an executable on PATH", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgramNotOnPath_ErrorDoesNotEchoAPasswordInTheCommand()
    {
        string error = Assert.Single(Validate("command", "rpicam-vdi -i rtsp://admin:hunter2@10.0.0.9/h264 -o -"));

        Assert.StartsWith("Camera:Command is 'rpicam-vdi -i rtsp://admin:***@10.0.0.9/h264 -o -'; allowed:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void PathThatIsNotExecutable_IsAnError()
    {
        string script = _directory.File("grab.sh");
        File.WriteAllText(script, "#!/bin/sh\n");

        string error = Assert.Single(Validate("command", $"{script} --fast"));

        Assert.Contains($"'{script}' is not an executable file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandIsNotCheckedForOtherSources()
    {
        Assert.Empty(Validate("testpattern", "no-such-program"));
    }

    [Fact]
    public async Task Daemon_WithAMissingProgram_ExitsWithTheConfigurationErrorCode()
    {
        ProcessResult result = await RunDaemonAsync("--Camera:Source=command", "--Camera:Command=rpicam-vdi -t 0 --codec mjpeg -o -");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Camera:Command is 'rpicam-vdi -t 0 --codec mjpeg -o -'; allowed:", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_WithoutACommand_ExitsWithTheConfigurationErrorCode()
    {
        ProcessResult result = await RunDaemonAsync("--Camera:Source=command");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Camera:Command is empty", result.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private static List<string> Validate(string source, string command)
    {
        List<string> errors = new();
        SettingsValidator.Validate(new CamstreamdSettings { Camera = new CameraOptions { Source = source, Command = command } }, errors);
        return errors;
    }

    private static Task<ProcessResult> RunDaemonAsync(params string[] arguments) => DaemonBinary.RunToExitAsync(arguments);
}
