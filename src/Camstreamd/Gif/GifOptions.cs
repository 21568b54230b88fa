namespace Camstreamd.Gif;

/// <summary>The <c>Gif</c> section: the animated-GIF live stream at <c>/stream.gif</c>.</summary>
public sealed class GifOptions
{
    public const string SectionName = "Gif";

    /// <summary>The default of <see cref="Width"/>.</summary>
    public const int DefaultWidth = 480;

    /// <summary>The default of <see cref="FramesPerSecond"/>.</summary>
    public const double DefaultFramesPerSecond = 10;

    /// <summary>The default of <see cref="Colors"/>.</summary>
    public const int DefaultColors = 256;

    /// <summary>No dithering: flat areas stay flat and frames compress best.</summary>
    public const string DitherNone = "none";

    /// <summary>Floyd–Steinberg error diffusion: smoother gradients, bigger frames, more CPU.</summary>
    public const string DitherFloydSteinberg = "floyd-steinberg";

    /// <summary>false answers <c>/stream.gif</c> with 404 and the reason. <value>The default value is true.</value></summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Width of the GIF; the height follows the source's aspect ratio; never more than the source width. <value>The default value is 480.</value></summary>
    public int Width { get; set; } = DefaultWidth;

    /// <summary>GIF frames are encoded at most this often. <value>The default value is 10.</value></summary>
    public double FramesPerSecond { get; set; } = DefaultFramesPerSecond;

    /// <summary>Colours in each frame's palette, 2 to 256. <value>The default value is 256.</value></summary>
    public int Colors { get; set; } = DefaultColors;

    /// <summary><c>none</c> or <c>floyd-steinberg</c>. <value>The default value is <c>none</c>.</value></summary>
    public string Dither { get; set; } = DitherNone;
}
