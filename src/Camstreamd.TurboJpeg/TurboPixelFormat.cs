namespace Camstreamd.TurboJpeg;

/// <summary>Packed pixel formats, with the values of turbojpeg.h's <c>enum TJPF</c>.</summary>
public enum TurboPixelFormat
{
    /// <summary>TJPF_RGB: 3 bytes, R G B.</summary>
    Rgb = 0,

    /// <summary>TJPF_BGR: 3 bytes, B G R.</summary>
    Bgr = 1,

    /// <summary>TJPF_RGBX: 4 bytes, the fourth ignored.</summary>
    Rgbx = 2,

    /// <summary>TJPF_BGRX.</summary>
    Bgrx = 3,

    /// <summary>TJPF_XBGR.</summary>
    Xbgr = 4,

    /// <summary>TJPF_XRGB.</summary>
    Xrgb = 5,

    /// <summary>TJPF_GRAY: 1 byte of luminance.</summary>
    Gray = 6,
}
