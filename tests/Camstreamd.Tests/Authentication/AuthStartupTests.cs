using Camstreamd.Authentication;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Authentication;

/// <summary>The real binary refuses an Auth configuration that would not protect what it seems to (exit 78), without echoing secrets.</summary>
public sealed class AuthStartupTests
{
    private static readonly string Hash = PasswordHash.Create("pw").ToString();

    [Fact]
    public async Task PlainTextPasswordHash_ExitsWith78_NamingTheKeyAndReason_WithoutTheValue()
    {
        ProcessResult result = await RunAsync("--Auth:Users:0:Name=alice", "--Auth:Users:0:PasswordHash=MySecretPassw0rd");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Auth:Users:0:PasswordHash is not a password hash: it does not start with $pbkdf2-sha256$", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("camstreamd hash-password", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("MySecretPassw0rd", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooFewIterations_ExitsWith78()
    {
        string weak = Hash.Replace("i=600000", "i=1000", StringComparison.Ordinal);

        ProcessResult result = await RunAsync("--Auth:Users:0:Name=alice", $"--Auth:Users:0:PasswordHash={weak}");

        Assert.Equal(78, result.ExitCode);
        Assert.Contains("Auth:Users:0:PasswordHash is not a password hash: its iteration count is not a whole number from 600000", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TcpStreamWithUsers_ExitsWith78_NamingBothKeys_UnlessAllowedExplicitly()
    {
        int tcpPort = DaemonProcess.FreePort();
        string[] auth = ["--Auth:Users:0:Name=alice", $"--Auth:Users:0:PasswordHash={Hash}", "--Camera:Source=testpattern", $"--Tcp:Port={tcpPort}"];

        ProcessResult refused = await RunAsync(auth);
        await using DaemonProcess allowed = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), [.. auth, "--Tcp:AllowUnauthenticated=true"]);
        using TcpStreamReader reader = await TcpStreamReader.ConnectAsync(tcpPort);
        TcpFrame? frame = await reader.ReadFrameAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(78, refused.ExitCode);
        Assert.Contains($"Tcp:Port is {tcpPort} while Auth:Users is set", refused.StandardError, StringComparison.Ordinal);
        Assert.Contains("Tcp:AllowUnauthenticated=true", refused.StandardError, StringComparison.Ordinal);
        Assert.True(frame?.Jpeg.Length > 100, "the explicitly allowed TCP stream serves frames");
    }

    [Fact]
    public async Task ShortOrSharedTokensAndTokensWithoutUsers_ExitWith78_WithoutTheTokens()
    {
        ProcessResult shortToken = await RunAsync("--Auth:Users:0:Name=alice", $"--Auth:Users:0:PasswordHash={Hash}", "--Auth:Tokens:0:Name=ha", "--Auth:Tokens:0:Token=tooShortSecret");
        ProcessResult noUsers = await RunAsync("--Auth:Tokens:0:Name=ha", "--Auth:Tokens:0:Token=0123456789abcdef0123456789");

        Assert.Equal(78, shortToken.ExitCode);
        Assert.Contains("Auth:Tokens:0:Token is 14 characters long or holds spaces (the value is not shown); allowed: at least 24 characters", shortToken.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("tooShortSecret", shortToken.Output, StringComparison.Ordinal);
        Assert.Equal(78, noUsers.ExitCode);
        Assert.Contains("Auth:Tokens is set but Auth:Users is empty", noUsers.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789abcdef", noUsers.Output, StringComparison.Ordinal);
    }

    private static Task<ProcessResult> RunAsync(params string[] arguments) => DaemonBinary.RunToExitAsync(arguments);
}
