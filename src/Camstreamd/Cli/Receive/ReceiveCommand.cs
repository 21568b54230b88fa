using System.Globalization;
using System.Runtime.InteropServices;
using Camstreamd.Jpeg;
using Camstreamd.Retry;
using Microsoft.Win32.SafeHandles;

namespace Camstreamd.Cli.Receive;

/// <summary>
/// <c>camstreamd receive URL [--out DIR | --out -] [--count N] [--every SECONDS] [--timeout SECONDS]</c>: reads
/// camstreamd's TCP stream or any MJPEG stream and writes each frame as a numbered JPEG, or all of them to
/// standard output. Reconnects with backoff when the sender goes away, saying so on standard error, and gives
/// up after <c>--timeout</c> without a frame. A keepalive repeat of the previous frame is not written again.
/// </summary>
internal sealed class ReceiveCommand
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>With <c>--timeout 0</c> (never give up), a connection silent this long is still taken for dead.</summary>
    private static readonly TimeSpan SilentConnectionLimit = TimeSpan.FromSeconds(30);

    private readonly ReceiveArguments _arguments;
    private readonly IFrameOutput _output;
    private readonly TextWriter _log;
    private readonly TimeProvider _time;
    private long _written;

    // One source for every frame's read limit, reset rather than allocated anew per frame.
    private CancellationTokenSource? _readLimit;

    public ReceiveCommand(ReceiveArguments arguments, IFrameOutput output, TextWriter log, TimeProvider time)
    {
        _arguments = arguments;
        _output = output;
        _log = log;
        _time = time;
    }

    /// <summary>Runs the command; <paramref name="args"/> are the arguments after "receive". Returns the exit code.</summary>
    public static int Run(string[] args)
    {
        ReceiveArguments? arguments = ReceiveArguments.Parse(args, out string? error);
        if (arguments is null)
        {
            Console.Error.WriteLine($"camstreamd receive: {error}");
            Console.Error.WriteLine(ReceiveArguments.Usage);
            return ReceiveExitCode.Usage;
        }

        using CancellationTokenSource interrupted = new();
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            // Not Console.OpenStandardOutput: its stream ignores EPIPE, so we would never learn that the reader left.
            using FileStream standardOutput = new(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            IFrameOutput output = arguments.Directory is string directory ? DirectoryFrameOutput.Open(directory) : new StandardOutputFrameOutput(standardOutput);
            ReceiveCommand command = new(arguments, output, Console.Error, TimeProvider.System);
            return command.RunAsync(interrupted.Token).GetAwaiter().GetResult();
        }
        catch (ReceiveFailure failure)
        {
            Console.Error.WriteLine($"camstreamd receive: {failure.Message}");
            return failure.ExitCode;
        }

        void Interrupt(PosixSignalContext context)
        {
            // Stop cleanly (no temporary file left) instead of the runtime's default of exiting at once.
            context.Cancel = true;
            interrupted.Cancel();
        }
    }

    /// <summary>Receives until <c>--count</c> frames are written, the reader of standard output leaves, or <paramref name="cancellationToken"/>.</summary>
    /// <exception cref="ReceiveFailure">Bad data, a server that refuses, or no frame within <c>--timeout</c>.</exception>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        StreamUrl url = _arguments.Url;
        using HttpClient? http = url.IsTcp ? null : new HttpClient(new SocketsHttpHandler { ConnectTimeout = ConnectTimeout }) { Timeout = Timeout.InfiniteTimeSpan };
        FrameReceiver receiver = new(_arguments.Every, _time);
        long lastFrameAt = _time.GetTimestamp();
        RetryBackoff backoff = new(FirstRetryDelay, MaxRetryDelay);
        try
        {
            while (true)
            {
                string reason;
                try
                {
                    await using IFrameConnection connection = await ConnectAsync(url, http, cancellationToken).ConfigureAwait(false);
                    await _log.WriteLineAsync($"camstreamd receive: connected to {url.Display}").ConfigureAwait(false);
                    while (true)
                    {
                        FrameBuffer? kept = await ReadFrameAsync(connection, receiver, cancellationToken).ConfigureAwait(false);
                        lastFrameAt = _time.GetTimestamp();
                        backoff.Reset();
                        if (kept is null)
                        {
                            continue;
                        }

                        await _output.WriteAsync(kept, cancellationToken).ConfigureAwait(false);
                        if (_output is StandardOutputFrameOutput { Closed: true })
                        {
                            return Finish(ReceiveExitCode.Success);
                        }

                        _written++;
                        if (_written == _arguments.Count)
                        {
                            return Finish(ReceiveExitCode.Success);
                        }
                    }
                }
                catch (ConnectionLost lost)
                {
                    reason = lost.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    reason = "no data within the time allowed";
                }

                TimeSpan without = _time.GetElapsedTime(lastFrameAt);
                if (_arguments.Timeout != Timeout.InfiniteTimeSpan && without >= _arguments.Timeout)
                {
                    throw new ReceiveFailure(
                        ReceiveExitCode.Unavailable,
                        string.Create(CultureInfo.InvariantCulture, $"{url.Display}: {reason}; giving up after {without.TotalSeconds:0.#} s without a frame (--timeout {_arguments.Timeout.TotalSeconds:0.#})"));
                }

                // The last try comes just as --timeout runs out, not a whole backoff after it.
                TimeSpan delay = _arguments.Timeout == Timeout.InfiniteTimeSpan ? backoff.Delay : Shortest(backoff.Delay, _arguments.Timeout - without);
                await _log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"camstreamd receive: {url.Display}: {reason}; reconnecting in {delay.TotalSeconds:0.#} s")).ConfigureAwait(false);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                backoff.Increase();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Finish(ReceiveExitCode.Interrupted);
        }
        finally
        {
            _readLimit?.Dispose();
            _readLimit = null;
        }
    }

    private int Finish(int exitCode)
    {
        _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"camstreamd receive: {_written} frame(s) written to {_output.Description}"));
        return exitCode;
    }

    private async Task<IFrameConnection> ConnectAsync(StreamUrl url, HttpClient? http, CancellationToken cancellationToken)
    {
        using CancellationTokenSource limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Shortest(ConnectTimeout, _arguments.Timeout));
        try
        {
            return http is null
                ? await TcpFrameConnection.ConnectAsync(url, limit.Token).ConfigureAwait(false)
                : await MjpegHttpConnection.ConnectAsync(http, url, limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ConnectionLost("connecting timed out");
        }
    }

    /// <summary>Reads one frame and checks it; returns it when it is to be written, null when skipped (a repeat, or between <c>--every</c> picks).</summary>
    private async Task<FrameBuffer?> ReadFrameAsync(IFrameConnection connection, FrameReceiver receiver, CancellationToken cancellationToken)
    {
        FrameBuffer frame = receiver.Next;
        await connection.ReadFrameAsync(frame, ReadLimit(cancellationToken)).ConfigureAwait(false);
        if (!JpegValidator.TryValidate(frame.Span, out int length, out string? invalid))
        {
            throw new ReceiveFailure(ReceiveExitCode.DataError, $"{_arguments.Url.Display} sent a frame that is not a JPEG ({invalid}); nothing was written for it");
        }

        frame.Truncate(length);
        return receiver.Accept(frame) ? frame : null;
    }

    /// <summary>A token cancelled with <paramref name="cancellationToken"/> or when the read takes too long.</summary>
    private CancellationToken ReadLimit(CancellationToken cancellationToken)
    {
        // TryReset fails once the limit has fired: that connection was given up, a new source serves the next.
        if (_readLimit is null || !_readLimit.TryReset())
        {
            _readLimit?.Dispose();
            _readLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        }

        _readLimit.CancelAfter(Shortest(SilentConnectionLimit, _arguments.Timeout));
        return _readLimit.Token;
    }

    private static TimeSpan Shortest(TimeSpan a, TimeSpan b) => b == Timeout.InfiniteTimeSpan || a < b ? a : b;
}
