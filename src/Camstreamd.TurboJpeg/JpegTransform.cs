namespace Camstreamd.TurboJpeg;

/// <summary>
/// A lossless JPEG transform, with the values of turbojpeg.h's <c>enum TJXOP</c>. Every combination of
/// a rotation and flips is one of these eight (see <see cref="JpegTransforms.Combine"/>).
/// </summary>
public enum JpegTransform
{
    /// <summary>TJXOP_NONE.</summary>
    None = 0,

    /// <summary>TJXOP_HFLIP: mirror left-right.</summary>
    FlipHorizontal = 1,

    /// <summary>TJXOP_VFLIP: mirror top-bottom.</summary>
    FlipVertical = 2,

    /// <summary>TJXOP_TRANSPOSE: mirror about the top-left to bottom-right diagonal.</summary>
    Transpose = 3,

    /// <summary>TJXOP_TRANSVERSE: mirror about the top-right to bottom-left diagonal.</summary>
    Transverse = 4,

    /// <summary>TJXOP_ROT90: rotate 90° clockwise.</summary>
    Rotate90 = 5,

    /// <summary>TJXOP_ROT180.</summary>
    Rotate180 = 6,

    /// <summary>TJXOP_ROT270: rotate 90° counter-clockwise.</summary>
    Rotate270 = 7,
}
