namespace Camstreamd.TestSupport;

/// <summary>
/// How the tests that start the real daemon in a process of its own run it: <c>dotnet camstreamd.dll</c> beside the
/// test binaries (the JIT build), or the native program that <c>CAMSTREAMD_BINARY</c> names. <c>make test-aot</c>
/// sets it to the Native AOT publish, so the same tests check what users install.
/// </summary>
public static class DaemonBinary
{
    /// <summary>The variable naming a native camstreamd program to run instead of <c>dotnet camstreamd.dll</c>.</summary>
    public const string EnvironmentVariable = "CAMSTREAMD_BINARY";

    private static readonly string? Native = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path
        ? Path.GetFullPath(path)
        : null;

    /// <summary>The program to start: <c>dotnet</c>, or the native binary.</summary>
    public static string Program => Native ?? "dotnet";

    /// <summary>The arguments before the daemon's own: the path of camstreamd.dll, or none for the native binary.</summary>
    public static IReadOnlyList<string> Arguments => Native is null ? [Path.Combine(AppContext.BaseDirectory, "camstreamd.dll")] : [];

    /// <summary>The program and its leading arguments quoted for <c>bash -c</c>.</summary>
    public static string ShellCommand => string.Join(' ', ((string[])[Program, .. Arguments]).Select(word => $"'{word}'"));

    /// <summary>True when the tests run the native (AOT) binary.</summary>
    public static bool IsNative => Native is not null;

    /// <summary>
    /// Runs the daemon on 127.0.0.1 with an empty configuration file standing in for /etc, until it exits by itself
    /// (at most 60 s): for the start-up errors (exit 78) that the given command-line settings should cause.
    /// </summary>
    public static async Task<ProcessResult> RunToExitAsync(params string[] arguments)
    {
        using TempDirectory directory = new("camstreamd-run-");
        string config = directory.File("empty.json");
        await File.WriteAllTextAsync(config, "{}");
        return await ProcessRunner.RunAsync(Program, [.. Arguments, "--config", config, "--Http:Address=127.0.0.1", "--Http:Port=0", .. arguments], TimeSpan.FromSeconds(60));
    }
}
