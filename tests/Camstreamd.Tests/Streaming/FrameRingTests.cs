using Camstreamd.Frames;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Streaming;

public sealed class FrameRingTests
{
    private readonly FramePool _pool = new(16);

    [Fact]
    public void Add_ToAFullRing_GivesBackTheOldest_AndTakeKeepsTheOrder()
    {
        FrameRing ring = new(2);

        Assert.Null(ring.Add(TestFrames.Rent(_pool, 1)));
        Assert.Null(ring.Add(TestFrames.Rent(_pool, 2)));
        Frame? oldest = ring.Add(TestFrames.Rent(_pool, 3));

        Assert.Equal(1, oldest?.Sequence);
        oldest!.Release();
        Assert.Equal(2, ring.Count);
        Assert.True(ring.TryTake(out Frame? second));
        Assert.True(ring.TryTake(out Frame? third));
        Assert.False(ring.TryTake(out _));
        Assert.Equal((2, 3), (second.Sequence, third.Sequence));
        second.Release();
        third.Release();
        Assert.Equal(0, _pool.Outstanding);
    }
}
