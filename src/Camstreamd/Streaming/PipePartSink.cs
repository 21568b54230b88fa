using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace Camstreamd.Streaming;

/// <summary>
/// Writes through Kestrel's response pipe (one copy into its buffers). Used for stream requests on a
/// connection that carried other requests before, e.g. a browser loading the page and then its image.
/// </summary>
internal sealed class PipePartSink : IPartSink
{
    private readonly PipeWriter _output;

    public PipePartSink(PipeWriter output)
    {
        _output = output;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        FlushResult result = await _output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }
}
