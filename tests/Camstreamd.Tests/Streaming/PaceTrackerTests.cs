using Camstreamd.Streaming;

namespace Camstreamd.Tests.Streaming;

public sealed class PaceTrackerTests
{
    [Fact]
    public void Update_AHiccupOfOneDroppingSend_DoesNotMakeTheViewerSlow()
    {
        PaceTracker pace = default(PaceTracker);

        Assert.False(pace.Update(1));
        Assert.False(pace.Update(1));
        Assert.False(pace.Update(3));
        Assert.False(pace.Update(3));

        Assert.False(pace.IsSlow);
    }

    [Fact]
    public void Update_DropsOnTwoSendsInARow_MakeItSlow_AndSixtyCleanSendsMakeItFastAgain()
    {
        PaceTracker pace = default(PaceTracker);
        pace.Update(1);

        Assert.True(pace.Update(5));
        Assert.True(pace.IsSlow);

        for (int send = 1; send < PaceTracker.FastAfter; send++)
        {
            Assert.False(pace.Update(5));
        }

        Assert.True(pace.Update(5));
        Assert.False(pace.IsSlow);
    }
}
