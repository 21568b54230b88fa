using System.Diagnostics;
using System.Globalization;
using Camstreamd.Interop;

namespace Camstreamd.Processes;

/// <summary>
/// A program camstreamd runs and ends itself (the command source, a publishing target's ffmpeg). Started
/// through setsid(1) when available, so the program leads a process group of its own: whatever it starts is
/// signalled with it, and a Ctrl+C meant for camstreamd in a terminal does not kill it behind our back.
/// stdout and stdin are pipes to us (stdin is closed at once unless the caller writes to it); stderr is read
/// on a thread of its own and its last line kept in <see cref="ErrorOutput"/>.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    /// <summary>How long a program has to exit after SIGTERM before it gets SIGKILL.</summary>
    public static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ErrorDrainWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GonePoll = TimeSpan.FromMilliseconds(20);

    /// <summary>The longest a <see cref="Stop"/> takes (grace, SIGKILL's wait, the reap), plus a margin: what a second caller waits.</summary>
    private static readonly TimeSpan StopWaitLongest = TerminateGrace + KillWait + KillWait + TimeSpan.FromSeconds(1);

    // systemd's variables are for camstreamd alone: a child that found NOTIFY_SOCKET could report for it.
    private static readonly string[] PrivateVariables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"];

    private static readonly Lazy<string?> Setsid = new(() => ExecutablePath.Find("setsid"));

    private readonly Process _process;
    private readonly bool _ownGroup;
    private readonly Func<int, string, string?>? _onErrorLine;
    private readonly Thread _errorReader;

    // Held by the one Stop that signals; a caller that comes meanwhile waits for it to end.
    private readonly Lock _stopGate = new();
    private bool _stopped;

    private ChildProcess(Process process, bool ownGroup, Func<int, string, string?>? onErrorLine)
    {
        _process = process;
        _ownGroup = ownGroup;
        _onErrorLine = onErrorLine;
        Id = process.Id;

        // A thread of its own, not the pool: the last stderr lines must be in when the program ends, even
        // when the pool is busy, and the read blocks until the program closes stderr.
        _errorReader = new Thread(ReadErrorOutput) { Name = "camstreamd child stderr", IsBackground = true };
        _errorReader.Start();
    }

    public int Id { get; }

    /// <summary>The program's stdin; writable only when started with <c>keepInput</c>.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>The program's stdout.</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The last stderr line kept (see the <c>onErrorLine</c> filter of <see cref="Start"/>).</summary>
    public ErrorOutputTail ErrorOutput { get; } = new();

    /// <summary>The exit code; only after <see cref="WaitForExit"/> returned true.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Starts <paramref name="program"/> with <paramref name="arguments"/> as they are (no shell).
    /// <paramref name="onErrorLine"/> sees each stderr line with the pid and returns what to keep as the
    /// last line (null: keep nothing), so a caller can log it, mask secrets in it or take it as progress.
    /// Throws <see cref="System.ComponentModel.Win32Exception"/> or <see cref="InvalidOperationException"/> when it cannot start.
    /// </summary>
    public static ChildProcess Start(string program, IReadOnlyList<string> arguments, bool keepInput, Func<int, string, string?>? onErrorLine)
    {
        string? setsid = Setsid.Value;
        ProcessStartInfo start = new(setsid ?? program)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add(program);
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string variable in PrivateVariables)
        {
            start.Environment.Remove(variable);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        if (!keepInput)
        {
            // End of file at once: a program that reads commands from stdin (ffmpeg does) must not wait on us.
            process.StandardInput.Close();
        }

        return new ChildProcess(process, setsid is not null, onErrorLine);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the program to exit, then for its last stderr lines; false if it still runs.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        // stderr reaches end of file with the process (unless a helper it left behind holds it open).
        _errorReader.Join(ErrorDrainWait);
        return true;
    }

    /// <summary>Completes when the program has exited.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>How the program ended, e.g. <c>exited with code 255</c>; only after <see cref="WaitForExit"/> returned true.</summary>
    public string DescribeExit() => DescribeExitCode(_process.ExitCode);

    /// <summary>
    /// Ends the program and everything it started: SIGTERM to its process group and to every descendant,
    /// up to <see cref="TerminateGrace"/> for them to go, then SIGKILL; the program is reaped, so no zombie
    /// remains. Returns true when SIGKILL was needed. Safe to call more than once, from any thread: a call
    /// made while another is signalling waits for that one to end (its waits are bounded), then returns false.
    /// </summary>
    public bool Stop()
    {
        if (!_stopGate.TryEnter(StopWaitLongest))
        {
            return false;
        }

        try
        {
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            bool killed = false;
            List<int> tree = _process.HasExited ? [] : ProcessTree.Descendants(Id);
            Signal(Libc.SIGTERM, tree);
            if (!WaitUntilGone(tree, TerminateGrace))
            {
                killed = true;
                Signal(Libc.SIGKILL, tree);
                WaitUntilGone(tree, KillWait);
            }

            _process.WaitForExit(KillWait);
            return killed;
        }
        finally
        {
            _stopGate.Exit();
        }
    }

    public void Dispose()
    {
        Stop();

        // Closes our ends of the pipes; the stderr reader then ends.
        _process.Dispose();
    }

    private static string DescribeExitCode(int code) => code switch
    {
        126 => "exited with code 126 (the program is not executable)",
        127 => "exited with code 127 (the program was not found)",

        // .NET reports a death by signal N as 128 + N, as a shell does.
        > 128 and < 160 => string.Create(CultureInfo.InvariantCulture, $"was killed by signal {code - 128}{SignalName(code - 128)} (exit code {code})"),
        _ => string.Create(CultureInfo.InvariantCulture, $"exited with code {code}"),
    };

    private static string SignalName(int signal) => signal switch
    {
        1 => " (SIGHUP)",
        2 => " (SIGINT)",
        6 => " (SIGABRT)",
        9 => " (SIGKILL)",
        11 => " (SIGSEGV)",
        13 => " (SIGPIPE)",
        15 => " (SIGTERM)",
        _ => "",
    };

    private void Signal(int signal, List<int> tree)
    {
        if (_ownGroup)
        {
            // The group outlives its leader: helpers it left behind are still in it.
            Libc.kill(-Id, signal);
        }

        if (!_process.HasExited)
        {
            Libc.kill(Id, signal);
        }

        foreach (int pid in tree)
        {
            if (ProcessTree.TryRead(pid, out ProcessEntry entry) && entry.IsRunning)
            {
                Libc.kill(pid, signal);
            }
        }
    }

    private bool WaitUntilGone(List<int> tree, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited && !ProcessTree.AnyRunning(tree, _ownGroup ? Id : 0))
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() >= deadline)
            {
                return false;
            }

            Thread.Sleep(GonePoll);
        }
    }

    private void ReadErrorOutput()
    {
        try
        {
            StreamReader reader = _process.StandardError;
            while (reader.ReadLine() is string line)
            {
                string? kept = _onErrorLine is null ? line : _onErrorLine(Id, line);
                if (kept is not null)
                {
                    ErrorOutput.Add(kept);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process was disposed while we read: nothing more to keep.
        }
    }
}
