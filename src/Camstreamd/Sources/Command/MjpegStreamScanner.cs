namespace Camstreamd.Sources.Command;

/// <summary>
/// Finds whole JPEG images in a byte stream of concatenated JPEGs (an MJPEG elementary stream, as
/// <c>rpicam-vid --codec mjpeg -o -</c> or <c>ffmpeg -f mjpeg -</c> write it), following ITU-T T.81:
/// an image starts with SOI (FF D8), its marker segments are walked by their length fields up to SOS,
/// so an EXIF thumbnail's own FF D9 inside APP1 is never taken for the end; the entropy-coded data is
/// then searched for EOI (FF D9), where FF 00 (stuffing), FF D0-D7 (RSTn) and fill bytes are not markers
/// and any other marker (the next scan of a progressive JPEG, DNL) goes back to walking segments.
/// Bytes outside images are skipped. The scan resumes where it stopped, so every byte is looked at once.
/// Allocates nothing; the reasons are constant strings.
/// </summary>
internal sealed class MjpegStreamScanner
{
    public const string TruncatedReason = "truncated: a new image began before this one's EOI";
    public const string EndBeforeScanReason = "EOI before any image data (no SOS)";
    public const string MalformedReason = "malformed marker segments: not a JPEG header";

    private const byte Marker = 0xFF;
    private const byte Soi = 0xD8;
    private const byte Eoi = 0xD9;
    private const byte Sos = 0xDA;

    private readonly int _maxImageLength;
    private readonly string _tooLargeReason;
    private Phase _phase;
    private int _start;
    private int _position;

    /// <param name="maxImageLength">An image still unfinished at this many bytes is dropped rather than buffered further.</param>
    public MjpegStreamScanner(int maxImageLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxImageLength, 4);
        _maxImageLength = maxImageLength;
        _tooLargeReason = $"larger than {maxImageLength} bytes, the most one frame may hold";
    }

    private enum Phase
    {
        /// <summary>Looking for SOI.</summary>
        Seeking,

        /// <summary>Inside an image, at a marker of its header (or between scans).</summary>
        Segments,

        /// <summary>Inside an image's entropy-coded data.</summary>
        EntropyCoded,
    }

    /// <summary>
    /// Bytes before this offset belong to no image still being read (skipped garbage, or images already
    /// returned); the owner may remove them and then call <see cref="Discard"/>.
    /// </summary>
    public int Finished => _phase == Phase.Seeking ? _position : _start;

    /// <summary>Starts over, as for a new stream.</summary>
    public void Reset()
    {
        _phase = Phase.Seeking;
        _start = 0;
        _position = 0;
    }

    /// <summary>The owner removed <paramref name="count"/> bytes (at most <see cref="Finished"/>) from the front of its buffer.</summary>
    public void Discard(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Finished);
        _start -= count;
        _position -= count;
    }

    /// <summary>
    /// Continues the scan over <paramref name="data"/> (the same bytes as last time, maybe with more at the
    /// end, less what was discarded). <see cref="MjpegScanResult.Image"/> and <see cref="MjpegScanResult.Broken"/>
    /// give the bytes at <paramref name="start"/>, <paramref name="length"/> long; the scan goes on after them.
    /// </summary>
    public MjpegScanResult Scan(ReadOnlySpan<byte> data, out int start, out int length, out string? reason)
    {
        start = 0;
        length = 0;
        reason = null;
        while (true)
        {
            Phase phase = _phase;
            int position = _position;
            MjpegScanResult result = _phase switch
            {
                Phase.Seeking => Seek(data),
                Phase.Segments => WalkSegments(data, out start, out length, out reason),
                _ => ScanEntropyCoded(data, out start, out length, out reason),
            };
            if (result != MjpegScanResult.NeedMore)
            {
                return result;
            }

            int scanned = Math.Min(_position, data.Length);
            if (_phase != Phase.Seeking && scanned - _start > _maxImageLength)
            {
                start = _start;
                length = scanned - _start;
                reason = _tooLargeReason;
                StartSeeking(scanned);
                return MjpegScanResult.Broken;
            }

            if (_phase == phase && _position == position)
            {
                // No progress with the bytes at hand.
                return MjpegScanResult.NeedMore;
            }
        }
    }

    private MjpegScanResult Seek(ReadOnlySpan<byte> data)
    {
        // SOI followed by the next marker's FF: three bytes that rarely occur by chance in text or noise.
        int from = Math.Min(_position, data.Length);
        int found = data[from..].IndexOf([Marker, Soi, Marker]);
        if (found < 0)
        {
            // Keep the last two bytes: they may be the start of an SOI split between reads.
            _position = Math.Max(from, data.Length - 2);
            return MjpegScanResult.NeedMore;
        }

        _start = from + found;
        _position = _start + 2;
        _phase = Phase.Segments;
        return MjpegScanResult.NeedMore;
    }

    private MjpegScanResult WalkSegments(ReadOnlySpan<byte> data, out int start, out int length, out string? reason)
    {
        start = _start;
        length = 0;
        reason = null;
        while (_position + 1 < data.Length)
        {
            if (data[_position] != Marker)
            {
                return Broken(data.Length, _position - _start, MalformedReason, out length, out reason);
            }

            byte marker = data[_position + 1];
            switch (marker)
            {
                case Marker:
                    // T.81 B.1.1.2: any marker may be preceded by fill bytes.
                    _position++;
                    continue;
                case Soi:
                    return Truncated(out length, out reason);
                case Eoi:
                    return Broken(_position + 2, _position + 2 - _start, EndBeforeScanReason, out length, out reason);
                case 0x00:
                    return Broken(data.Length, _position - _start, MalformedReason, out length, out reason);
                case 0x01 or (>= 0xD0 and <= 0xD7):
                    // TEM and RSTn stand alone, without a length field.
                    _position += 2;
                    continue;
            }

            if (_position + 3 >= data.Length)
            {
                break;
            }

            int segmentLength = (data[_position + 2] << 8) | data[_position + 3];
            if (segmentLength < 2)
            {
                return Broken(data.Length, _position - _start, MalformedReason, out length, out reason);
            }

            _position += 2 + segmentLength;
            if (marker == Sos)
            {
                _phase = Phase.EntropyCoded;
                return MjpegScanResult.NeedMore;
            }
        }

        return MjpegScanResult.NeedMore;
    }

    private MjpegScanResult ScanEntropyCoded(ReadOnlySpan<byte> data, out int start, out int length, out string? reason)
    {
        start = _start;
        length = 0;
        reason = null;
        while (_position < data.Length)
        {
            int found = data[_position..].IndexOf(Marker);
            if (found < 0)
            {
                _position = data.Length;
                break;
            }

            _position += found;
            if (_position + 1 >= data.Length)
            {
                break;
            }

            byte next = data[_position + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                // A stuffed FF data byte, or a restart marker: still image data.
                _position += 2;
            }
            else if (next == Marker)
            {
                _position++;
            }
            else if (next == Eoi)
            {
                length = _position + 2 - _start;
                StartSeeking(_position + 2);
                if (length > _maxImageLength)
                {
                    reason = _tooLargeReason;
                    return MjpegScanResult.Broken;
                }

                return MjpegScanResult.Image;
            }
            else if (next == Soi)
            {
                return Truncated(out length, out reason);
            }
            else
            {
                // Another marker segment: the next scan of a progressive image, DHT between scans, DNL.
                _phase = Phase.Segments;
                return WalkSegments(data, out start, out length, out reason);
            }
        }

        return MjpegScanResult.NeedMore;
    }

    /// <summary>A new SOI at the current position ends the image before it; the new one is walked next.</summary>
    private MjpegScanResult Truncated(out int length, out string? reason)
    {
        length = _position - _start;
        reason = TruncatedReason;
        _phase = Phase.Segments;
        _start = _position;
        _position += 2;
        return MjpegScanResult.Broken;
    }

    /// <summary>The image at <see cref="_start"/> is dropped; seeking resumes at <paramref name="resumeAt"/>.</summary>
    private MjpegScanResult Broken(int resumeAt, int brokenLength, string why, out int length, out string? reason)
    {
        length = brokenLength;
        reason = why;

        // A malformed "image" may be noise that happened to look like SOI: seek again right after it.
        StartSeeking(why == MalformedReason ? _start + 2 : resumeAt);
        return MjpegScanResult.Broken;
    }

    private void StartSeeking(int at)
    {
        _phase = Phase.Seeking;
        _position = at;
        _start = at;
    }
}
