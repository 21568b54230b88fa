using System.Runtime.InteropServices;
using Camstreamd.TurboJpeg.Interop;

namespace Camstreamd.Tests.TurboJpeg;

public sealed class TjTransformLayoutTests
{
    [Fact]
    public void Tjtransform_MatchesTurboJpegHOn64BitLinux()
    {
        // turbojpeg.h: tjregion r (4 ints), int op, int options, void *data, function pointer customFilter.
        Assert.Equal(8, IntPtr.Size);
        Assert.Equal(40, Marshal.SizeOf<tjtransform>());
        Assert.Equal(16, (int)Marshal.OffsetOf<tjtransform>(nameof(tjtransform.op)));
        Assert.Equal(20, (int)Marshal.OffsetOf<tjtransform>(nameof(tjtransform.options)));
        Assert.Equal(24, (int)Marshal.OffsetOf<tjtransform>(nameof(tjtransform.data)));
        Assert.Equal(32, (int)Marshal.OffsetOf<tjtransform>(nameof(tjtransform.customFilter)));
    }
}
