using Camstreamd.Gif;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// A GIF file from the folder source through the container checks, then every image it accepted rewritten as a
/// stream frame (as GifFileReader and the passthrough do): an accepted image must fit its announced length.
/// </summary>
internal static class GifTarget
{
    public static void Run(byte[] input)
    {
        GifContainer.TryReadScreenSize(input, out _, out _);
        GifContainer? gif = GifContainer.TryParse(input, out string? error);
        if (gif is null)
        {
            Check.That(error is not null, "a refusal without a reason");
            return;
        }

        Check.That(gif.Width is > 0 and <= GifContainer.MaxSide && gif.Height is > 0 and <= GifContainer.MaxSide, "a screen size outside the limits");
        foreach (GifImage image in gif.Images)
        {
            byte[] frame = new byte[image.StreamFrameLength];
            int written = GifContainer.WriteStreamFrame(input, image, image.DelayCentiseconds, frame);
            Check.That(written == frame.Length, "a stream frame of another length than announced");
        }
    }
}
