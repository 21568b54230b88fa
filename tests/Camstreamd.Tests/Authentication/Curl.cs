using System.Globalization;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Authentication;

/// <summary>
/// curl(1) as the client, with the response's status, headers and body (what arrived within <c>--max-time</c>: a
/// stream never ends, so its time running out, curl's exit 28, is a normal end here).
/// </summary>
internal static class Curl
{
    public static async Task<CurlResponse> GetAsync(string url, params string[] options) => await RunAsync(url, 5, options);

    /// <summary>Reads <paramref name="url"/> for <paramref name="seconds"/> at most.</summary>
    public static async Task<CurlResponse> RunAsync(string url, double seconds, params string[] options)
    {
        using TempDirectory directory = new("camstreamd-curl-");
        string headers = directory.File("headers");
        string body = directory.File("body");
        ProcessResult result = await ProcessRunner.RunAsync(
            "curl",
            ["-sS", "-D", headers, "-o", body, "-w", "%{http_code}", "--max-time", seconds.ToString(CultureInfo.InvariantCulture), .. options, url],
            TimeSpan.FromSeconds(seconds + 60));
        if (result.ExitCode is not (0 or 28))
        {
            throw new InvalidOperationException($"curl {url} exited with {result.ExitCode}: {result.Output}");
        }

        return new CurlResponse(
            int.Parse(result.StandardOutput.Trim(), CultureInfo.InvariantCulture),
            File.Exists(headers) ? await File.ReadAllTextAsync(headers) : "",
            File.Exists(body) ? await File.ReadAllBytesAsync(body) : []);
    }
}
