using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2;

/// <summary>Digital video (HDMI, DVI) timings: what an HDMI bridge detects or is set to.</summary>
public sealed class V4l2DvTimings
{
    private readonly v4l2_dv_timings _native;

    internal V4l2DvTimings(in v4l2_dv_timings native)
    {
        _native = native;
    }

    public int Width => (int)Native.bt.width;

    public int Height => (int)Native.bt.height;

    public bool Interlaced => Native.bt.interlaced != 0;

    /// <summary>Pixel clock in Hz.</summary>
    public ulong PixelClock => Native.bt.pixelclock;

    /// <summary>Frames per second from the pixel clock and the total (blanking included) frame size; 0 when unknown.</summary>
    public double FramesPerSecond
    {
        get
        {
            ref readonly v4l2_bt_timings bt = ref _native.bt;
            double totalWidth = (double)bt.width + bt.hfrontporch + bt.hsync + bt.hbackporch;
            double totalHeight = (double)bt.height + bt.vfrontporch + bt.vsync + bt.vbackporch;
            if (bt.interlaced != 0)
            {
                totalHeight += bt.il_vfrontporch + bt.il_vsync + bt.il_vbackporch;
            }

            double total = totalWidth * totalHeight;
            return total == 0 ? 0 : bt.pixelclock / total;
        }
    }

    internal v4l2_dv_timings Native => _native;

    public override string ToString() => $"{Width}x{Height}{(Interlaced ? "i" : "p")}{FramesPerSecond:0.##}";
}
