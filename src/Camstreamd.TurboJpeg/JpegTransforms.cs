namespace Camstreamd.TurboJpeg;

/// <summary>Helpers around <see cref="JpegTransform"/>: combining configuration and checking MCU alignment.</summary>
public static class JpegTransforms
{
    // Each transform as the 2x2 matrix it applies to centred pixel coordinates (x right, y down),
    // written as (a, b, c, d) for x' = a*x + b*y, y' = c*x + d*y. Indexed by the TJXOP value.
    private static readonly (int A, int B, int C, int D)[] Matrices =
    [
        (1, 0, 0, 1),    // None
        (-1, 0, 0, 1),   // FlipHorizontal
        (1, 0, 0, -1),   // FlipVertical
        (0, 1, 1, 0),    // Transpose
        (0, -1, -1, 0),  // Transverse
        (0, -1, 1, 0),   // Rotate90 (clockwise: right goes to bottom)
        (-1, 0, 0, -1),  // Rotate180
        (0, 1, -1, 0),   // Rotate270
    ];

    /// <summary>
    /// The single transform equal to: flip horizontally (if asked), then flip vertically (if asked),
    /// then rotate clockwise by <paramref name="rotationDegrees"/> (0, 90, 180 or 270) —
    /// the meaning of Camera:FlipHorizontal, FlipVertical and Rotation.
    /// </summary>
    public static JpegTransform Combine(int rotationDegrees, bool flipHorizontal, bool flipVertical)
    {
        JpegTransform rotation = rotationDegrees switch
        {
            0 => JpegTransform.None,
            90 => JpegTransform.Rotate90,
            180 => JpegTransform.Rotate180,
            270 => JpegTransform.Rotate270,
            _ => throw new ArgumentOutOfRangeException(nameof(rotationDegrees), rotationDegrees, "Rotation must be 0, 90, 180 or 270."),
        };

        (int A, int B, int C, int D) m = Matrices[(int)JpegTransform.None];
        if (flipHorizontal)
        {
            m = Multiply(Matrices[(int)JpegTransform.FlipHorizontal], m);
        }

        if (flipVertical)
        {
            m = Multiply(Matrices[(int)JpegTransform.FlipVertical], m);
        }

        m = Multiply(Matrices[(int)rotation], m);
        return (JpegTransform)Array.IndexOf(Matrices, m);
    }

    /// <summary>True when the transform swaps width and height.</summary>
    public static bool SwapsAxes(JpegTransform transform) =>
        transform is JpegTransform.Transpose or JpegTransform.Transverse or JpegTransform.Rotate90 or JpegTransform.Rotate270;

    /// <summary>The MCU (minimum coded unit) size in pixels for a subsampling: 8 per sampled block.</summary>
    public static (int Width, int Height) McuSize(JpegSubsampling subsampling) => subsampling switch
    {
        JpegSubsampling.Samp444 or JpegSubsampling.Gray => (8, 8),
        JpegSubsampling.Samp422 => (16, 8),
        JpegSubsampling.Samp420 => (16, 16),
        JpegSubsampling.Samp440 => (8, 16),
        JpegSubsampling.Samp411 => (32, 8),
        _ => throw new ArgumentOutOfRangeException(nameof(subsampling), subsampling, "Unknown subsampling."),
    };

    /// <summary>
    /// Whether the transform is "perfect" for this picture: every edge block that has to move is a whole
    /// MCU. A mirror moves the right (or bottom) edge to the left (or top); a partial MCU there cannot be
    /// moved losslessly, so <see cref="TurboJpegTransformer.Transform"/> refuses such pictures. Transpose
    /// never needs it. Callers check this once per picture size to pick a fallback (device controls,
    /// or decode and re-encode) instead of failing every frame.
    /// </summary>
    public static bool IsPerfect(int width, int height, JpegSubsampling subsampling, JpegTransform transform)
    {
        (int mcuWidth, int mcuHeight) = McuSize(subsampling);
        bool wholeColumns = width % mcuWidth == 0;
        bool wholeRows = height % mcuHeight == 0;
        return transform switch
        {
            JpegTransform.None or JpegTransform.Transpose => true,
            JpegTransform.FlipHorizontal or JpegTransform.Rotate270 => wholeColumns,
            JpegTransform.FlipVertical or JpegTransform.Rotate90 => wholeRows,
            JpegTransform.Rotate180 or JpegTransform.Transverse => wholeColumns && wholeRows,
            _ => throw new ArgumentOutOfRangeException(nameof(transform), transform, "Unknown transform."),
        };
    }

    private static (int A, int B, int C, int D) Multiply((int A, int B, int C, int D) l, (int A, int B, int C, int D) r) =>
        ((l.A * r.A) + (l.B * r.C), (l.A * r.B) + (l.B * r.D), (l.C * r.A) + (l.D * r.C), (l.C * r.B) + (l.D * r.D));
}
