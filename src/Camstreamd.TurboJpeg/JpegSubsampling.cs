namespace Camstreamd.TurboJpeg;

/// <summary>Chroma subsampling, with the values of turbojpeg.h's <c>enum TJSAMP</c>.</summary>
public enum JpegSubsampling
{
    /// <summary>TJSAMP_444: full-resolution chroma (MCU 8x8).</summary>
    Samp444 = 0,

    /// <summary>TJSAMP_422: chroma halved horizontally (MCU 16x8); what YUYV cameras deliver.</summary>
    Samp422 = 1,

    /// <summary>TJSAMP_420: chroma halved both ways (MCU 16x16); NV12/YU12 and most webcams' MJPEG.</summary>
    Samp420 = 2,

    /// <summary>TJSAMP_GRAY: luminance only (MCU 8x8).</summary>
    Gray = 3,

    /// <summary>TJSAMP_440: chroma halved vertically (MCU 8x16).</summary>
    Samp440 = 4,

    /// <summary>TJSAMP_411: chroma quartered horizontally (MCU 32x8).</summary>
    Samp411 = 5,
}
