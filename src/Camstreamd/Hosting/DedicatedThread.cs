using System.Runtime.InteropServices;
using Camstreamd.Interop;

namespace Camstreamd.Hosting;

/// <summary>
/// Runs a background service's loop on a thread of its own (it blocks in poll() or on deadlines, never on
/// the thread pool). Returned as the service's task: an exception ends it faulted, so the host logs it and
/// stops with a non-zero exit code (the service manager restarts the daemon) instead of an unhandled
/// exception on a raw thread killing the process.
/// </summary>
internal static class DedicatedThread
{
    /// <param name="name">The thread's name, as tools such as top -H show it.</param>
    /// <param name="body">The loop.</param>
    /// <param name="niceness">
    /// How much nicer than the daemon the thread is to the kernel's scheduler (Linux keeps a nice value per thread):
    /// work that can wait, such as encoding the GIF stream, gives way to the capture loop and the viewers' sends on a
    /// busy board. 0 leaves it as the daemon's.
    /// </param>
    public static Task Start(string name, Action body, int niceness = 0)
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        Thread thread = new(() =>
        {
            try
            {
                if (niceness > 0)
                {
                    BeNicer(niceness);
                }

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

    private static void BeNicer(int niceness)
    {
        // Raising one's own nice value needs no privilege. Where it still fails (a seccomp filter), the thread runs
        // as the daemon's others do: only the order of work on a busy CPU changes, never the result.
        int current = Libc.getpriority(Libc.PRIO_PROCESS, 0);
        if (current == -1 && Marshal.GetLastPInvokeError() != 0)
        {
            return;
        }

        _ = Libc.setpriority(Libc.PRIO_PROCESS, Libc.gettid(), Math.Min(19, current + niceness));
    }
}
