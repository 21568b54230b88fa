using System.Globalization;

namespace Camstreamd.Gif;

/// <summary>The <c>Gif</c> keys' rules; each message names the key, the value and what is allowed.</summary>
internal static class GifOptionsValidator
{
    /// <summary>GIF delays are hundredths of a second and browsers slow anything under 2 to 10: 50 fps is the most a GIF can show.</summary>
    public const double MaxFramesPerSecond = 50;

    public const int MinWidth = 16;

    public const int MaxWidth = 4096;

    public static void Validate(GifOptions gif, List<string> errors)
    {
        if (gif.Width is < MinWidth or > MaxWidth)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Gif:Width is {gif.Width}; allowed: {MinWidth} to {MaxWidth} (pixels; the height follows the source's aspect ratio)."));
        }

        if (gif.FramesPerSecond is < 0.1 or > MaxFramesPerSecond)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Gif:FramesPerSecond is {gif.FramesPerSecond}; allowed: 0.1 to {MaxFramesPerSecond}."));
        }

        if (gif.Colors is < 2 or > 256)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Gif:Colors is {gif.Colors}; allowed: 2 to 256."));
        }

        if (!IsDither(gif.Dither))
        {
            errors.Add($"Gif:Dither is '{gif.Dither}'; allowed: {GifOptions.DitherNone} or {GifOptions.DitherFloydSteinberg}.");
        }
    }

    private static bool IsDither(string value) =>
        string.Equals(value, GifOptions.DitherNone, StringComparison.OrdinalIgnoreCase)
        || string.Equals(value, GifOptions.DitherFloydSteinberg, StringComparison.OrdinalIgnoreCase);
}
