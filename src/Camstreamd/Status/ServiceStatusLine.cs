namespace Camstreamd.Status;

/// <summary>The STATUS= text: the status source's line, with the last reload's rejection appended.</summary>
internal static class ServiceStatusLine
{
    public static string Compose(IServiceStatusSource? status, ReloadOutcome? outcome)
    {
        string line;
        try
        {
            line = status?.GetStatus().ToStatusLine() ?? "running";
        }
        catch (InvalidOperationException ex)
        {
            // A status source in a transient state must not take the notifier or a reload down; say so instead.
            line = "status unavailable: " + ex.Message;
        }

        return outcome?.Decorate(line) ?? line;
    }
}
