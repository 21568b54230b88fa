using Camstreamd.Frames;
using Camstreamd.TurboJpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Quantization;

namespace Camstreamd.Gif;

/// <summary>
/// Turns one JPEG into one GIF stream frame: libjpeg-turbo decodes it already scaled down (1/2, 1/4,
/// 1/8 inside the decoder), ImageSharp resizes the rest of the way, quantizes (octree) to <c>Gif:Colors</c> and
/// LZW-encodes a one-frame GIF, and <see cref="GifContainer"/> cuts the frame out of it with its colour
/// table made local. ImageSharp runs single-threaded with only its GIF codec registered: its JPEG
/// decoder is never reachable. Not thread-safe: one encoder thread owns it.
/// </summary>
internal sealed class GifFrameEncoder : IDisposable
{
    private readonly SixLabors.ImageSharp.Configuration _imaging;
    private readonly TurboJpegDecompressor _decompressor = new();
    private readonly MemoryStream _encoded = new();
    private byte[] _pixels = [];
    private GifEncoder? _encoder;
    private int _encoderColors;
    private string? _encoderDither;

    public GifFrameEncoder()
    {
        _imaging = new SixLabors.ImageSharp.Configuration(new GifConfigurationModule())
        {
            // One core at most: the GIF must never starve the capture thread or the MJPEG viewers on a Pi.
            MaxDegreeOfParallelism = 1,
        };
    }

    /// <summary>
    /// Encodes <paramref name="jpeg"/> as a GIF frame rented from <paramref name="pool"/> (owned by the caller),
    /// or returns false with the reason when the JPEG cannot be decoded.
    /// </summary>
    public bool TryEncode(Frame jpeg, GifOptions options, int delayCentiseconds, FramePool pool, out Frame? gif, out string? error)
    {
        gif = null;
        error = null;
        ReadOnlySpan<byte> bytes = jpeg.Span;
        if (!_decompressor.TryReadHeader(bytes, out JpegHeader header))
        {
            error = $"libjpeg-turbo cannot read the JPEG's header: {_decompressor.LastError}";
            return false;
        }

        (int width, int height) = GifGeometry.OutputSize(header.Width, header.Height, options.Width);
        int denominator = GifGeometry.ScaleDenominator(header.Width, header.Height, width, height);
        int decodedWidth = TurboJpegDecompressor.ScaledSide(header.Width, denominator);
        int decodedHeight = TurboJpegDecompressor.ScaledSide(header.Height, denominator);
        int needed = decodedWidth * decodedHeight * 3;
        if (_pixels.Length < needed)
        {
            _pixels = new byte[needed];
        }

        try
        {
            _decompressor.DecompressScaled(bytes, header, denominator, _pixels, TurboPixelFormat.Rgb);
        }
        catch (TurboJpegException exception)
        {
            error = exception.Message;
            return false;
        }

        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(_imaging, _pixels.AsSpan(0, needed), decodedWidth, decodedHeight);
        if (decodedWidth != width || decodedHeight != height)
        {
            image.Mutate(x => x.Resize(width, height, KnownResamplers.Triangle));
        }

        image.Frames.RootFrame.Metadata.GetGifMetadata().FrameDelay = delayCentiseconds;
        _encoded.SetLength(0);
        EncoderFor(options).Encode(image, _encoded);
        ReadOnlySpan<byte> file = _encoded.GetBuffer().AsSpan(0, (int)_encoded.Length);
        GifContainer container = GifContainer.TryParse(file, out string? parseError)
            ?? throw new InvalidOperationException($"ImageSharp wrote a GIF that does not parse: {parseError}");
        GifImage first = container.Images[0];
        Frame frame = pool.Rent(first.StreamFrameLength);
        int length = GifContainer.WriteStreamFrame(file, first, delayCentiseconds, frame.WritableBuffer);
        frame.Complete(length, container.Width, container.Height, jpeg.Sequence, jpeg.MonotonicTimestamp, jpeg.UnixTimeMicroseconds);
        gif = frame;
        return true;
    }

    /// <summary>Frees the decoder and gives back the buffers ImageSharp keeps in its pools, for the garbage collector to take.</summary>
    public void Dispose()
    {
        _decompressor.Dispose();
        _encoded.Dispose();
        _imaging.MemoryAllocator.ReleaseRetainedResources();
    }

    /// <summary>The encoder for the current colours and dithering; made anew only when a reload changes them.</summary>
    private GifEncoder EncoderFor(GifOptions options)
    {
        if (_encoder is null || _encoderColors != options.Colors || !string.Equals(_encoderDither, options.Dither, StringComparison.OrdinalIgnoreCase))
        {
            bool dither = string.Equals(options.Dither, GifOptions.DitherFloydSteinberg, StringComparison.OrdinalIgnoreCase);
            _encoder = new GifEncoder
            {
                // Octree rather than Wu: Wu's fixed cost (its 4-D moment tables, rebuilt per frame) made a 480-wide
                // frame about five times slower here, for a palette the eye does not tell apart on live video.
                Quantizer = new OctreeQuantizer(new QuantizerOptions { MaxColors = options.Colors, Dither = dither ? KnownDitherings.FloydSteinberg : null }),
                ColorTableMode = GifColorTableMode.Global,
            };
            _encoderColors = options.Colors;
            _encoderDither = options.Dither;
        }

        return _encoder;
    }
}
