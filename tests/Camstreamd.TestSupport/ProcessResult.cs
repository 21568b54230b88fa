namespace Camstreamd.TestSupport;

/// <summary>A finished program: its exit code, its whole output, and stdout and stderr apart.</summary>
public sealed record ProcessResult(int ExitCode, string Output, string StandardOutput, string StandardError);
