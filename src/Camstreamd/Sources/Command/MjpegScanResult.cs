namespace Camstreamd.Sources.Command;

/// <summary>What <see cref="MjpegStreamScanner.Scan"/> found in the bytes read so far.</summary>
internal enum MjpegScanResult
{
    /// <summary>No whole image yet: read more.</summary>
    NeedMore,

    /// <summary>One whole image, SOI to EOI.</summary>
    Image,

    /// <summary>An image that cannot be sent (truncated, malformed header, too large); the reason says which.</summary>
    Broken,
}
