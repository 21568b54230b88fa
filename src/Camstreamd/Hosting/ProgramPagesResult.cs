namespace Camstreamd.Hosting;

/// <summary>What <see cref="ProgramPages.Release"/> did: the bytes of the program's read-only mappings it advised the
/// kernel on, and the errno of a call the kernel refused (0 when none was).</summary>
internal readonly record struct ProgramPagesResult(long SpannedBytes, int Errno);
