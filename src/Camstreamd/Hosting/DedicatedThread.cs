namespace Camstreamd.Hosting;

/// <summary>
/// Runs a background service's loop on a thread of its own (it blocks in poll() or on deadlines, never on
/// the thread pool). Returned as the service's task: an exception ends it faulted, so the host logs it and
/// stops with a non-zero exit code (the service manager restarts the daemon) instead of an unhandled
/// exception on a raw thread killing the process.
/// </summary>
internal static class DedicatedThread
{
    public static Task Start(string name, Action body)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread thread = new(() =>
        {
            try
            {
                body();
                done.SetResult();
            }
            catch (Exception exception)
            {
                done.SetException(exception);
            }
        })
        {
            Name = name,
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }
}
