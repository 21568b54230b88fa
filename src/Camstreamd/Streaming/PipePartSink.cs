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

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        ValueTask<FlushResult> flush = _output.WriteAsync(bytes, cancellationToken);
        return flush.IsCompletedSuccessfully ? new ValueTask<int>(Taken(flush.Result, bytes.Length)) : WaitAsync(flush, bytes.Length);
    }

    /// <summary>Kestrel's pipe copies into its own buffers anyway, so two writes cost what one does: nothing to gather.</summary>
    public int SendNow(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second) => 0;

    private static int Taken(FlushResult result, int length) => result.IsCompleted || result.IsCanceled ? 0 : length;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<int> WaitAsync(ValueTask<FlushResult> flush, int length) => Taken(await flush.ConfigureAwait(false), length);
}
