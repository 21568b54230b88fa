using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipes;
using Camstreamd.Interop;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Command;

/// <summary>
/// One run of Camera:Command: <c>/bin/sh -c "exec COMMAND"</c> (pipes and quoting work, and the shell
/// becomes the program, so its pid is the program's). Started through setsid(1) when available, so the
/// program leads a process group of its own: whatever it starts is signalled with it, and a Ctrl+C meant
/// for camstreamd in a terminal does not kill it behind the capture loop's back. stdin is at end of file,
/// stdout is the frame stream, stderr is kept (last lines) and logged at Debug.
/// </summary>
internal sealed class CommandProcess : IDisposable
{
    /// <summary>How long a command has to exit after SIGTERM before it gets SIGKILL.</summary>
    public static readonly TimeSpan TerminateGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a command that closed its output gets to exit, so its exit code can be reported.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ErrorDrainWait = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GonePoll = TimeSpan.FromMilliseconds(20);

    // systemd's variables are for camstreamd alone: a child that found NOTIFY_SOCKET could report for it.
    private static readonly string[] PrivateVariables = ["NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"];

    private static readonly Lazy<string?> Setsid = new(() => CommandLine.FindExecutable("setsid"));

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly bool _ownGroup;
    private readonly Thread _errorReader;
    private bool _stopped;

    private CommandProcess(Process process, string program, bool ownGroup, ILogger logger)
    {
        _process = process;
        Program = program;
        _ownGroup = ownGroup;
        _logger = logger;
        Id = process.Id;
        Output = process.StandardOutput.BaseStream;

        // Process hands stdout out as a pipe stream; poll(2) needs its descriptor. Valid until Dispose.
        OutputDescriptor = (int)((PipeStream)Output).SafePipeHandle.DangerousGetHandle();
        // A thread of its own, not the pool: the last stderr lines must be in when the command ends, even
        // when the pool is busy, and the read blocks until the command closes stderr.
        _errorReader = new Thread(ReadErrorOutput) { Name = "camstreamd command stderr", IsBackground = true };
        _errorReader.Start();
    }

    public int Id { get; }

    /// <summary>The program's name as the command gave it, for logs and messages (the arguments may hold passwords).</summary>
    public string Program { get; }

    /// <summary>The command's stdout.</summary>
    public Stream Output { get; }

    public int OutputDescriptor { get; }

    public ErrorOutputTail ErrorOutput { get; } = new();

    /// <summary>Starts <paramref name="command"/> (placeholders already expanded); throws <see cref="FrameSourceException"/> when it cannot.</summary>
    public static CommandProcess Start(string command, string program, ILogger logger)
    {
        string? setsid = Setsid.Value;
        var start = new ProcessStartInfo(setsid ?? "/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null)
        {
            start.ArgumentList.Add("/bin/sh");
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec " + command);
        foreach (string variable in PrivateVariables)
        {
            start.Environment.Remove(variable);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new FrameSourceException($"Camera:Command: {start.FileName} did not start.");
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new FrameSourceException($"Camera:Command: cannot start {program} through {start.FileName}: {ex.Message}", ex);
        }

        // End of file at once: a program that reads commands from stdin (ffmpeg does) must not wait on us.
        process.StandardInput.Close();
        return new CommandProcess(process, program, setsid is not null, logger);
    }

    /// <summary>
    /// Why the command stopped sending, after its output reached end of file: its exit code or signal,
    /// e.g. <c>exited with code 255</c>. Waits a moment for it to exit and for its last stderr lines.
    /// </summary>
    public string DescribeEnd()
    {
        string how;
        if (!_process.WaitForExit(ExitWait))
        {
            how = "closed its standard output but did not exit";
        }
        else
        {
            // stderr reaches end of file with the process (unless a helper it left behind holds it open);
            // wait for the reader so the command's last words are in the report.
            _errorReader.Join(ErrorDrainWait);
            how = DescribeExitCode(_process.ExitCode);
        }

        return how;
    }

    /// <summary>
    /// Ends the command and everything it started: SIGTERM to its process group and to every descendant,
    /// up to <see cref="TerminateGrace"/> for them to go, then SIGKILL; the program is reaped, so no zombie
    /// remains. Safe to call more than once.
    /// </summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        List<int> tree = _process.HasExited ? [] : ProcessTree.Descendants(Id);
        Signal(Libc.SIGTERM, tree);
        if (!WaitUntilGone(tree, TerminateGrace))
        {
            Log.CommandKilled(_logger, Program, Id, TerminateGrace.TotalSeconds);
            Signal(Libc.SIGKILL, tree);
            WaitUntilGone(tree, KillWait);
        }

        _process.WaitForExit(KillWait);
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
                ErrorOutput.Add(line);
                Log.ErrorOutput(_logger, Program, Id, line);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process was disposed while we read: nothing more to keep.
        }
    }
}
