using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Authentication;

/// <summary>
/// The real binary with every logger at Debug (Kestrel's and ASP.NET Core's request lines included): neither a token
/// from a URL, nor a password, nor a hash shows in its output or in /state; the token's name does.
/// </summary>
public sealed class AuthSecretsTests
{
    [Fact]
    public async Task TokensAndPasswords_NeverReachTheLogOrState_EvenAtDebug_ButTheTokensNameDoes()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(
            DaemonProcess.FreePort(),
            [.. AuthenticationTests.Arguments, "--Logging:LogLevel:Default=Debug", "--Logging:LogLevel:Microsoft=Debug", "--Logging:LogLevel:Microsoft.AspNetCore=Debug"]);
        string baseUrl = $"http://127.0.0.1:{daemon.Port}";
        string[] credentials = ["-u", $"{AuthenticationTests.User}:{AuthenticationTests.Password}"];

        // The GIF stream answers with its first frame, from an encoder that runs at nice +10: on a loaded machine that
        // took over 2 s (curl status 0 in one run at load 12). It runs beside the other requests, with time to spare.
        Task<CurlResponse> gifWatching = Curl.RunAsync($"{baseUrl}/stream.gif?token={AuthenticationTests.Token}", 12);
        CurlResponse stream = await Curl.RunAsync($"{baseUrl}/stream?token={AuthenticationTests.Token}", 2);
        CurlResponse snapshot = await Curl.GetAsync($"{baseUrl}/snapshot?token={AuthenticationTests.Token}&fps=2");
        CurlResponse wrongToken = await Curl.GetAsync($"{baseUrl}/stream?token=wrong-{AuthenticationTests.Token}");
        CurlResponse wrongPassword = await Curl.GetAsync($"{baseUrl}/state", "-u", $"{AuthenticationTests.User}:not-{AuthenticationTests.Password}");
        // A viewer watching with a token while /state is read: /state lists it.
        Task<CurlResponse> watching = Curl.RunAsync($"{baseUrl}/stream?token={AuthenticationTests.Token}", 6);
        await Task.Delay(TimeSpan.FromSeconds(2));
        CurlResponse state = await Curl.GetAsync($"{baseUrl}/state", credentials);
        await watching;
        CurlResponse gif = await gifWatching;

        Assert.Equal((200, 200, 200, 401, 401, 200), (stream.Status, snapshot.Status, gif.Status, wrongToken.Status, wrongPassword.Status, state.Status));
        await Eventually.TrueAsync(
            () => daemon.Output.Contains("authenticated as token homeassistant", StringComparison.Ordinal) && daemon.Output.Contains("Authentication failed from 127.0.0.1", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            () => $"the log lacks the token's name or the failure: {daemon.Output}");
        foreach (string secret in new[] { AuthenticationTests.Token, AuthenticationTests.Password, "not-" + AuthenticationTests.Password, AuthenticationTests.Hash, "token=" })
        {
            Assert.DoesNotContain(secret, daemon.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, state.Text, StringComparison.Ordinal);
        }

        Assert.Contains("\"stream\"", state.Text, StringComparison.Ordinal);
    }
}
