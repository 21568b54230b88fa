using System.Diagnostics;

namespace Camstreamd.TestSupport;

/// <summary>Ending a process a test started, with everything it started, without hanging the test run.</summary>
public static class ProcessTermination
{
    /// <summary>
    /// Kills <paramref name="process"/> and its descendants and waits up to <paramref name="wait"/> for it to go.
    /// True when it ended (or had ended, or was disposed already); false when it was still there at the deadline.
    /// </summary>
    public static async Task<bool> KillTreeAsync(Process process, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(wait);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
