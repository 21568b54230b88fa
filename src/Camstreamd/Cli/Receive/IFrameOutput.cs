namespace Camstreamd.Cli.Receive;

/// <summary>Where <c>camstreamd receive</c> puts the frames it keeps.</summary>
internal interface IFrameOutput
{
    /// <summary>Writes one whole frame; a frame is either all there or not at all.</summary>
    ValueTask WriteAsync(FrameBuffer frame, CancellationToken cancellationToken);

    /// <summary>For the closing message: "to DIR" or "to standard output".</summary>
    string Description { get; }
}
