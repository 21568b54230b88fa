namespace Camstreamd.Gif;

/// <summary>
/// One image of a GIF file, as offsets into the file's bytes: its graphic control extension (or none),
/// its image descriptor, the colour table it uses (its own, or the file's global one) and its LZW data.
/// </summary>
/// <param name="ControlOffset">Offset of the 8-byte graphic control extension before it, or -1.</param>
/// <param name="DescriptorOffset">Offset of the image separator (0x2C).</param>
/// <param name="Left">Position on the logical screen.</param>
/// <param name="Top">Position on the logical screen.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Interlaced">Rows stored in the four-pass order.</param>
/// <param name="ColorTableOffset">Offset of the colour table this image uses.</param>
/// <param name="ColorTableBits">The table holds 2^(bits+1) entries of 3 bytes.</param>
/// <param name="DataOffset">Offset of the LZW minimum code size byte.</param>
/// <param name="DataLength">From the minimum code size through the terminating empty sub-block.</param>
/// <param name="DelayCentiseconds">The control extension's delay, 0 without one.</param>
/// <param name="Transparent">The control extension names a transparent colour.</param>
/// <param name="Disposal">The control extension's disposal method (0 to 7), 0 without one.</param>
internal readonly record struct GifImage(
    int ControlOffset,
    int DescriptorOffset,
    int Left,
    int Top,
    int Width,
    int Height,
    bool Interlaced,
    int ColorTableOffset,
    int ColorTableBits,
    int DataOffset,
    int DataLength,
    int DelayCentiseconds,
    bool Transparent,
    int Disposal)
{
    /// <summary>Bytes of the colour table.</summary>
    public int ColorTableLength => 3 << (ColorTableBits + 1);

    /// <summary>
    /// Bytes of this image as a self-contained stream frame (<see cref="GifContainer.WriteStreamFrame"/>):
    /// control extension, descriptor, local colour table, LZW data.
    /// </summary>
    public int StreamFrameLength => GifContainer.ControlExtensionLength + GifContainer.DescriptorLength + ColorTableLength + DataLength;
}
