using Camstreamd.Gif;
using Camstreamd.TurboJpeg;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.PixelFormats;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// Reads a GIF file of the folder (one picture, or an animation) into frames to play. The file's block
/// structure is checked first (<see cref="GifContainer"/>: sizes, image count, pixels, all bounded) and
/// only then decoded by ImageSharp, registered with its GIF codec alone. Each picture is JPEG-encoded for
/// <c>/stream</c> and <c>/snapshot</c>; a self-contained one (the whole screen, no transparency) is also
/// kept as a GIF stream frame, so <c>/stream.gif</c> sends it without re-encoding. Not thread-safe.
/// </summary>
internal sealed class GifFileReader : IDisposable
{
    /// <summary>Composed frames of one file may hold at most this many pixels in all (about 120 MB decoded).</summary>
    public const long MaxComposedPixels = 40_000_000;

    private readonly SixLabors.ImageSharp.Configuration _imaging = new(new GifConfigurationModule()) { MaxDegreeOfParallelism = 1 };
    private readonly TurboJpegCompressor _compressor = new();
    private readonly int _quality;
    private readonly DecodedGifCache _decoded;
    private byte[] _rgb = [];
    private byte[] _jpeg = [];

    public GifFileReader(int jpegQuality, long cacheBytes = DecodedGifCache.DefaultMaxBytes)
    {
        _quality = jpegQuality;
        _decoded = new DecodedGifCache(cacheBytes);
    }

    /// <summary>Bytes of decoded frames kept for files played again (<see cref="DecodedGifCache"/>).</summary>
    public long CachedBytes => _decoded.Bytes;

    public static bool IsGifName(string name) => name.EndsWith(".gif", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The file's frames, or <see cref="FileLoadResult.Invalid"/> with the reason (or <see cref="FileLoadResult.Gone"/>).
    /// A file unchanged since it was last loaded gives the frames decoded then, without reading it again.
    /// </summary>
    public FileLoadResult Load(string path, out IReadOnlyList<GifFileFrame> frames, out string? reason, out FileStamp stamp)
    {
        frames = [];
        reason = null;
        stamp = default;
        byte[] file;
        try
        {
            using OpenedFile opened = FolderFileAccess.Open(path, out stamp);
            if (_decoded.TryGet(path, stamp, out frames))
            {
                return FileLoadResult.Loaded;
            }

            if (FolderFileAccess.IsTooLarge(stamp, out reason))
            {
                return FileLoadResult.Invalid;
            }

            file = new byte[stamp.Length];
            int total = FolderFileAccess.ReadAll(opened, file);
            if (total < file.Length)
            {
                // Truncated since it was opened: a copy only then.
                file = file[..total];
            }
        }
        catch (Exception ex) when (FolderFileAccess.IsReadFailure(ex, out FileLoadResult failed, out reason))
        {
            return failed;
        }

        GifContainer? gif = GifContainer.TryParse(file, out string? error);
        if (gif is null)
        {
            reason = $"not a valid GIF: {error}";
            return FileLoadResult.Invalid;
        }

        if ((long)gif.Images.Count * gif.Width * gif.Height > MaxComposedPixels)
        {
            reason = $"{gif.Images.Count} frames of {gif.Width}x{gif.Height} are more than {MaxComposedPixels} pixels in all";
            return FileLoadResult.Invalid;
        }

        try
        {
            List<GifFileFrame> decoded = Decode(file, gif);
            _decoded.Add(path, stamp, decoded);
            frames = decoded;
            return FileLoadResult.Loaded;
        }
        catch (Exception ex) when (ex is ImageFormatException or InvalidOperationException or ArgumentException)
        {
            reason = $"not a valid GIF: {ex.Message}";
            return FileLoadResult.Invalid;
        }
    }

    /// <summary>The logical screen size from the file's first bytes, for describing the source at Open before any frame is read.</summary>
    public static bool TryReadSize(string path, out int width, out int height)
    {
        width = 0;
        height = 0;
        try
        {
            using OpenedFile opened = FolderFileAccess.Open(path, out _);
            Span<byte> start = stackalloc byte[10];
            int read = FolderFileAccess.ReadAll(opened, start);
            return GifContainer.TryReadScreenSize(start[..read], out width, out height) && width > 0 && height > 0;
        }
        catch (Exception ex) when (FolderFileAccess.IsReadFailure(ex, out _, out _))
        {
            return false;
        }
    }

    public void Dispose()
    {
        _decoded.Clear();
        _compressor.Dispose();
    }

    private List<GifFileFrame> Decode(byte[] file, GifContainer gif)
    {
        using Image<Rgb24> image = Image.Load<Rgb24>(_imaging, file);
        if (image.Frames.Count != gif.Images.Count || image.Width != gif.Width || image.Height != gif.Height)
        {
            throw new InvalidOperationException($"decoded {image.Frames.Count} frames of {image.Width}x{image.Height}, the blocks say {gif.Images.Count} of {gif.Width}x{gif.Height}");
        }

        int width = gif.Width;
        int height = gif.Height;
        int rgbLength = width * height * 3;
        if (_rgb.Length < rgbLength)
        {
            _rgb = new byte[rgbLength];
        }

        // Grown on its own: libjpeg-turbo's bound rounds the size up to whole 16x16 blocks, so a picture with
        // fewer pixels than an earlier one can still need a larger output buffer (97x97 after 100x96).
        int jpegLength = TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Samp420);
        if (_jpeg.Length < jpegLength)
        {
            _jpeg = new byte[jpegLength];
        }

        List<GifFileFrame> frames = new(gif.Images.Count);
        for (int i = 0; i < gif.Images.Count; i++)
        {
            image.Frames[i].CopyPixelDataTo(_rgb.AsSpan(0, rgbLength));
            int length = _compressor.Compress(_rgb.AsSpan(0, rgbLength), width, width * 3, height, TurboPixelFormat.Rgb, JpegSubsampling.Samp420, _quality, _jpeg);
            GifImage block = gif.Images[i];
            bool selfContained = block.Left == 0 && block.Top == 0 && block.Width == width && block.Height == height && !block.Transparent;
            byte[]? original = null;
            if (selfContained)
            {
                original = new byte[block.StreamFrameLength];
                GifContainer.WriteStreamFrame(file, block, block.DelayCentiseconds, original);
            }

            frames.Add(new GifFileFrame(_jpeg[..length], width, height, block.DelayCentiseconds, original));
        }

        return frames;
    }
}
