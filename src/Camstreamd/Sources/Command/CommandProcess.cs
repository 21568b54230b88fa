using System.ComponentModel;
using System.IO.Pipes;
using Camstreamd.Processes;
using Camstreamd.Security;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Sources.Command;

/// <summary>
/// One run of Camera:Command: <c>/bin/sh -c "exec COMMAND"</c> (pipes and quoting work, and the shell
/// becomes the program, so its pid is the program's), as a <see cref="ChildProcess"/> in a process group of
/// its own. stdin is at end of file, stdout is the frame stream, stderr is kept (last line) and logged at Debug.
/// </summary>
internal sealed class CommandProcess : IDisposable
{
    /// <summary>How long a command has to exit after SIGTERM before it gets SIGKILL.</summary>
    public static readonly TimeSpan TerminateGrace = ChildProcess.TerminateGrace;

    /// <summary>How long a command that closed its output gets to exit, so its exit code can be reported.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(1);

    private readonly ChildProcess _child;
    private readonly ILogger _logger;

    private CommandProcess(ChildProcess child, string program, ILogger logger)
    {
        _child = child;
        Program = program;
        _logger = logger;
        Output = child.Output;

        // Process hands stdout out as a pipe stream; poll(2) needs its descriptor. Valid until Dispose.
        OutputDescriptor = (int)((PipeStream)Output).SafePipeHandle.DangerousGetHandle();
    }

    public int Id => _child.Id;

    /// <summary>The program's name as the command gave it, for logs and messages (the arguments may hold passwords).</summary>
    public string Program { get; }

    /// <summary>The command's stdout.</summary>
    public Stream Output { get; }

    public int OutputDescriptor { get; }

    public ErrorOutputTail ErrorOutput => _child.ErrorOutput;

    /// <summary>Starts <paramref name="command"/> (placeholders already expanded); throws <see cref="FrameSourceException"/> when it cannot.</summary>
    public static CommandProcess Start(string command, string program, ILogger logger)
    {
        ChildProcess child;
        try
        {
            // A program echoes its arguments (ffmpeg -i rtsp://user:password@cam): the log and /state see them redacted.
            child = ChildProcess.Start("/bin/sh", ["-c", "exec " + command], keepInput: false, (pid, line) =>
            {
                string redacted = Redact.UrlsIn(line);
                Log.ErrorOutput(logger, program, pid, redacted);
                return redacted;
            });
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new FrameSourceException($"Camera:Command: cannot start {program}: {ex.Message}", ex);
        }

        return new CommandProcess(child, program, logger);
    }

    /// <summary>
    /// Why the command stopped sending, after its output reached end of file: its exit code or signal,
    /// e.g. <c>exited with code 255</c>. Waits a moment for it to exit and for its last stderr lines.
    /// </summary>
    public string DescribeEnd() => _child.WaitForExit(ExitWait) ? _child.DescribeExit() : "closed its standard output but did not exit";

    /// <summary>Ends the command and everything it started (see <see cref="ChildProcess.Stop"/>). Safe to call more than once.</summary>
    public void Stop()
    {
        if (_child.Stop())
        {
            Log.CommandKilled(_logger, Program, Id, TerminateGrace.TotalSeconds);
        }
    }

    public void Dispose()
    {
        Stop();
        _child.Dispose();
    }
}
