using System.Buffers;
using Camstreamd.Http;
using Camstreamd.Streaming;
using Microsoft.Extensions.Primitives;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// The request heads the direct stream path parses itself (request line, path, query string) and its
/// <c>?fps=</c>: whatever comes from a client, the answer is "a stream request", "not ours" or "bad fps", never an exception.
/// The head is split in two segments, as it may arrive in two reads.
/// </summary>
internal static class HttpRequestTarget
{
    public static void Run(byte[] input)
    {
        int split = input.Length == 0 ? 0 : input[0] % (input.Length + 1);
        StreamRequest? request = StreamRequest.TryParse(Segments.Of(input.AsMemory(0, split), input.AsMemory(split)), Routes.StreamPaths);
        if (request is null)
        {
            return;
        }

        string? fps = request.Query.TryGetValue("fps", out StringValues value) ? value.ToString() : null;
        bool ok = StreamSessions.TryParseFps(fps, out double? limit, out string? error);
        Check.That(ok ? limit is null || (limit > 0 && limit <= StreamSessions.MaxFpsCap) : error is not null, "an fps outside the range, or a refusal without a reason");
    }

    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(ReadOnlyMemory<byte> first, ReadOnlyMemory<byte> second)
        {
            Segments head = new(first, 0);
            Segments tail = new(second, first.Length);
            head.Next = tail;
            return new ReadOnlySequence<byte>(head, 0, tail, second.Length);
        }
    }
}
