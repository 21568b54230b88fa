using Camstreamd.V4l2;

namespace Camstreamd.Sources.V4l2;

/// <summary>Turns <c>Camera:PixelFormat</c> and what the device offers into the fourcc to ask for.</summary>
internal static class V4l2FormatChooser
{
    /// <summary>Compressed formats we pass through without re-encoding.</summary>
    public static bool IsJpeg(uint pixelFormat) => pixelFormat is V4l2FourCc.MJPG or V4l2FourCc.JPEG;

    /// <summary>
    /// <c>auto</c>: the camera's MJPEG (or JPEG) when it offers it at the requested size, else YUYV, else
    /// the first format it offers that we can encode. A fourcc: that format, if the device offers it and
    /// we can stream it. Throws <see cref="FrameSourceException"/> naming the device and what it offers.
    /// </summary>
    public static uint Choose(V4l2Device device, string requested, int width, int height)
    {
        IReadOnlyList<V4l2FormatDescription> offered = device.EnumerateFormats();
        string list = string.Join(", ", offered.Select(f => f.FourCc));
        if (!string.Equals(requested, "auto", StringComparison.OrdinalIgnoreCase))
        {
            uint code;
            try
            {
                code = V4l2FourCc.Parse(requested.Length == 4 ? requested : requested.Trim());
            }
            catch (FormatException error)
            {
                throw new FrameSourceException($"Camera:PixelFormat '{requested}' is not 'auto' or a fourcc; {device.Path} offers: {list}. {error.Message}");
            }

            if (!IsJpeg(code) && !RawFrameEncoder.Supports(code))
            {
                throw new FrameSourceException(
                    $"Camera:PixelFormat '{requested}' cannot be streamed; supported are MJPG, JPEG, {string.Join(", ", RawFrameEncoder.SupportedFormats.Select(V4l2FourCc.ToString))}.");
            }

            if (!offered.Any(f => f.PixelFormat == code))
            {
                throw new FrameSourceException($"Camera:PixelFormat '{requested}' is not offered by {device.Path} ({device.Capabilities.Card}); it offers: {list}.");
            }

            return code;
        }

        foreach (uint jpeg in new[] { V4l2FourCc.MJPG, V4l2FourCc.JPEG })
        {
            if (offered.Any(f => f.PixelFormat == jpeg) && OffersSize(device, jpeg, width, height))
            {
                return jpeg;
            }
        }

        if (offered.Any(f => f.PixelFormat == V4l2FourCc.YUYV))
        {
            return V4l2FourCc.YUYV;
        }

        V4l2FormatDescription? usable = offered.FirstOrDefault(f => IsJpeg(f.PixelFormat) || RawFrameEncoder.Supports(f.PixelFormat));
        return usable?.PixelFormat
            ?? throw new FrameSourceException($"{device.Path} ({device.Capabilities.Card}) offers no format camstreamd can stream: {list}.");
    }

    private static bool OffersSize(V4l2Device device, uint pixelFormat, int width, int height)
    {
        IReadOnlyList<V4l2FrameSize> sizes = device.EnumerateFrameSizes(pixelFormat);

        // A driver without ENUM_FRAMESIZES takes any size and scales or crops; trust it.
        return sizes.Count == 0 || sizes.Any(s =>
            width >= s.MinWidth && width <= s.MaxWidth && height >= s.MinHeight && height <= s.MaxHeight
            && (s.StepWidth <= 1 || (width - s.MinWidth) % s.StepWidth == 0)
            && (s.StepHeight <= 1 || (height - s.MinHeight) % s.StepHeight == 0));
    }
}
