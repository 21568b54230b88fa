namespace Camstreamd.TurboJpeg;

/// <summary>What a JPEG's frame header says, read without decoding the picture.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Subsampling">Chroma subsampling; unknown layouts (TJSAMP_UNKNOWN, -1) are reported as is.</param>
public readonly record struct JpegHeader(int Width, int Height, JpegSubsampling Subsampling);
