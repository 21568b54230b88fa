using Camstreamd.Frames;
using Camstreamd.TurboJpeg;

namespace Camstreamd.Sources.Folder;

/// <summary>
/// Turns a file of Camera:Folder into a frame: a JPEG as it is (<see cref="JpegFileReader"/>), a GIF decoded into
/// JPEGs (<see cref="GifFileReader"/>). An animated GIF's first frame comes back at once and the others wait here,
/// each to be shown for its own delay (<see cref="HoldUntil"/>); each GIF frame's original goes to the GIF stream
/// with it (<see cref="TakeOriginal"/>). Owned by the capture thread, from Open to Close.
/// </summary>
internal sealed class FolderFileLoader : IDisposable
{
    private readonly TimeProvider _time;
    private readonly JpegFileReader _jpeg;
    private readonly GifFileReader _gif;
    private readonly Queue<GifFileFrame> _pending = new();
    private byte[]? _original;

    /// <exception cref="TurboJpegException">libjpeg-turbo cannot be loaded.</exception>
    public FolderFileLoader(int jpegQuality, TimeProvider time)
    {
        _time = time;
        _jpeg = new JpegFileReader();
        try
        {
            _gif = new GifFileReader(jpegQuality);
        }
        catch
        {
            _jpeg.Dispose();
            throw;
        }
    }

    /// <summary>When the animated GIF frame on show ends (a <see cref="TimeProvider"/> timestamp), or 0 when none plays.</summary>
    public long HoldUntil { get; private set; }

    /// <summary>The picture size from a file's first bytes: a JPEG's frame header, a GIF's logical screen.</summary>
    public bool TryReadSize(string path, out int width, out int height)
    {
        if (GifFileReader.IsGifName(path))
        {
            return GifFileReader.TryReadSize(path, out width, out height);
        }

        bool read = _jpeg.TryReadSize(path, out JpegHeader header);
        (width, height) = (header.Width, header.Height);
        return read;
    }

    /// <summary>A JPEG file as it is, or a GIF file's first frame (the rest queued to play after it).</summary>
    public FileLoadResult Load(string path, FramePool pool, out Frame? frame, out int length, out JpegHeader header, out string? reason, out FileStamp stamp)
    {
        if (!GifFileReader.IsGifName(path))
        {
            return _jpeg.Load(path, pool, out frame, out length, out header, out reason, out stamp);
        }

        frame = null;
        length = 0;
        header = default;
        FileLoadResult result = _gif.Load(path, out IReadOnlyList<GifFileFrame> frames, out reason, out stamp);
        if (result != FileLoadResult.Loaded)
        {
            return result;
        }

        _pending.Clear();
        for (int i = 1; i < frames.Count; i++)
        {
            _pending.Enqueue(frames[i]);
        }

        GifFileFrame first = frames[0];
        frame = Rent(pool, first, out length, out header);
        if (frames.Count > 1)
        {
            HoldUntil = HoldFor(first.DelayCentiseconds);
        }

        return FileLoadResult.Loaded;
    }

    /// <summary>
    /// Ends the hold of the GIF frame on show and gives the animation's next frame, held in turn for its delay
    /// (the last one too) before anything else plays; false when the animation is over.
    /// </summary>
    public bool TryLoadNextGifFrame(FramePool pool, out Frame? frame, out int length, out JpegHeader header)
    {
        HoldUntil = 0;
        if (!_pending.TryDequeue(out GifFileFrame? next))
        {
            (frame, length, header) = (null, 0, default);
            return false;
        }

        frame = Rent(pool, next, out length, out header);
        HoldUntil = HoldFor(next.DelayCentiseconds);
        return true;
    }

    /// <summary>The GIF original of the frame loaded last, once (null after a JPEG): for /stream.gif to send as it is.</summary>
    public byte[]? TakeOriginal()
    {
        byte[]? original = _original;
        _original = null;
        return original;
    }

    public void Dispose()
    {
        _jpeg.Dispose();
        _gif.Dispose();
        _pending.Clear();
    }

    private Frame Rent(FramePool pool, GifFileFrame gifFrame, out int length, out JpegHeader header)
    {
        Frame frame = pool.Rent(gifFrame.Jpeg.Length);
        gifFrame.Jpeg.CopyTo(frame.WritableBuffer);
        _original = gifFrame.Original;
        length = gifFrame.Jpeg.Length;
        header = new JpegHeader(gifFrame.Width, gifFrame.Height, JpegSubsampling.Samp420);
        return frame;
    }

    /// <summary>When a GIF frame shown now with <paramref name="centiseconds"/> of delay ends; 0 and 1 mean 10, as browsers play them.</summary>
    private long HoldFor(int centiseconds)
    {
        int delay = centiseconds < 2 ? 10 : centiseconds;
        return _time.GetTimestamp() + (long)(delay / 100.0 * _time.TimestampFrequency);
    }
}
