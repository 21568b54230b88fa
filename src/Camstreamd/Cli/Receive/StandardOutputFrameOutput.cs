namespace Camstreamd.Cli.Receive;

/// <summary>
/// The frames back to back on standard output: the raw MJPEG that <c>ffmpeg -f mjpeg -i -</c> and
/// <c>ffplay -f mjpeg -</c> read. A reader that goes away ends the command quietly, as <c>head</c> would.
/// </summary>
internal sealed class StandardOutputFrameOutput : IFrameOutput
{
    private readonly Stream _output;

    public StandardOutputFrameOutput(Stream output)
    {
        _output = output;
    }

    public string Description => "standard output";

    /// <summary>True once the reader of standard output went away.</summary>
    public bool Closed { get; private set; }

    public async ValueTask WriteAsync(FrameBuffer frame, CancellationToken cancellationToken)
    {
        try
        {
            await _output.WriteAsync(frame.Memory, cancellationToken).ConfigureAwait(false);
            await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // EPIPE: the program we were piped into has exited.
            Closed = true;
        }
    }
}
