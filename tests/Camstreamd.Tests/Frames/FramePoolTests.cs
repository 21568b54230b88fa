using Camstreamd.Frames;

namespace Camstreamd.Tests.Frames;

public sealed class FramePoolTests
{
    [Fact]
    public void Rent_ReusesAReturnedFrame_TheMostRecentFirst()
    {
        FramePool pool = new(1024);
        Frame first = pool.Rent();
        Frame second = pool.Rent();
        first.Release();
        second.Release();

        Frame again = pool.Rent();

        Assert.Same(second, again);
        Assert.Equal(2, pool.Created);
        again.Release();
        Assert.Equal(0, pool.Outstanding);
    }

    [Fact]
    public void TrimFree_LetsGoOfTheFreeFrames_AndAFrameOutOnRentStillComesBack()
    {
        FramePool pool = new(1024);
        Frame free = pool.Rent();
        Frame rented = pool.Rent();
        free.Release();

        pool.TrimFree();
        rented.Release();
        Frame next = pool.Rent();
        Frame another = pool.Rent();

        Assert.Same(rented, next);
        Assert.NotSame(free, another);
        Assert.Equal(3, pool.Created);
        next.Release();
        another.Release();
        Assert.Equal(0, pool.Outstanding);
    }
}
