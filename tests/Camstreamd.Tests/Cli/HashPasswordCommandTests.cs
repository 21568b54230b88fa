using Camstreamd.Authentication;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Cli;

/// <summary><c>camstreamd hash-password</c> through the real binary, its password piped in as a script would.</summary>
public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task PipedPassword_PrintsAHashStringAsTheLastLine_ThatTheDaemonAccepts()
    {
        ProcessResult result = await HashAsync("pässword with spaces\n");

        Assert.Equal(0, result.ExitCode);
        string last = result.StandardOutput.TrimEnd('\n').Split('\n')[^1];
        Assert.True(PasswordHash.TryParse(last, out PasswordHash? hash, out string reason), $"{last}: {reason}");
        Assert.True(hash!.Matches("pässword with spaces"));
        Assert.False(hash.Matches("pässword with spaces\n"));
        Assert.DoesNotContain("pässword", result.Output, StringComparison.Ordinal);

        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Auth:Users:0:Name=carol", $"--Auth:Users:0:PasswordHash={last}");
        using HttpClient http = new();
        using HttpRequestMessage request = new(HttpMethod.Get, new Uri(daemon.BaseAddress, "/state"));
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("carol:pässword with spaces")));
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task EmptyInput_ExitsWithUsageError_AndPrintsNoHash()
    {
        ProcessResult result = await HashAsync("");

        Assert.Equal(64, result.ExitCode);
        Assert.Contains("the password is empty", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("", result.StandardOutput);
    }

    private static Task<ProcessResult> HashAsync(string input) =>
        ProcessRunner.RunAsync("sh", ["-c", $"printf '%s' \"$1\" | {DaemonBinary.ShellCommand} hash-password", "sh", input], TimeSpan.FromSeconds(60));
}
