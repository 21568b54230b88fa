using Camstreamd.TurboJpeg;

namespace Camstreamd.Privacy;

/// <summary>
/// The picture viewers get while privacy is on: "CAMERA OFF" in white on dark grey between two red bands, with
/// "PRIVACY" under it, so nobody mistakes it for a dead camera or a black frame. Encoded once per size with
/// libjpeg-turbo; the same inputs always give the same bytes (the tests compare them).
/// </summary>
internal static class PrivacyPicture
{
    private const byte Background = 40;
    private const byte Ink = 235;

    // BT.601 red: Y 81, Cb 90, Cr 240.
    private const byte RedLuma = 81;
    private const byte RedCb = 90;
    private const byte RedCr = 240;
    private const byte Neutral = 128;

    /// <summary>The JPEG for <paramref name="width"/> x <paramref name="height"/> at <paramref name="quality"/>.</summary>
    public static byte[] Encode(int width, int height, int quality)
    {
        int chromaWidth = (width + 1) / 2;
        int chromaHeight = (height + 1) / 2;
        byte[] y = new byte[width * height];
        byte[] u = new byte[chromaWidth * chromaHeight];
        byte[] v = new byte[chromaWidth * chromaHeight];
        y.AsSpan().Fill(Background);
        u.AsSpan().Fill(Neutral);
        v.AsSpan().Fill(Neutral);

        int band = Math.Max(2, height / 12);
        Band(y, u, v, width, chromaWidth, 0, band);
        Band(y, u, v, width, chromaWidth, height - band, height);

        const string title = "CAMERA OFF";
        const string subtitle = "PRIVACY";
        int titleScale = Math.Max(1, Math.Min(width * 7 / 10 / (title.Length * (PrivacyFont.GlyphWidth + 1)), height / 4 / PrivacyFont.GlyphHeight));
        int subtitleScale = Math.Max(1, titleScale / 2);
        int titleHeight = PrivacyFont.GlyphHeight * titleScale;
        int gap = titleHeight / 2;
        int top = (height - titleHeight - gap - (PrivacyFont.GlyphHeight * subtitleScale)) / 2;
        Text(y, width, height, title, titleScale, top);
        Text(y, width, height, subtitle, subtitleScale, top + titleHeight + gap);

        using TurboJpegCompressor compressor = new();
        byte[] scratch = new byte[TurboJpegCompressor.MaxCompressedSize(width, height, JpegSubsampling.Samp420)];
        int length = compressor.CompressFromPlanes(y, width, u, v, chromaWidth, width, height, JpegSubsampling.Samp420, quality, scratch);
        return scratch.AsSpan(0, length).ToArray();
    }

    private static void Band(byte[] y, byte[] u, byte[] v, int width, int chromaWidth, int fromRow, int toRow)
    {
        y.AsSpan(fromRow * width, (toRow - fromRow) * width).Fill(RedLuma);
        for (int row = fromRow / 2; row < (toRow + 1) / 2 && (row + 1) * chromaWidth <= u.Length; row++)
        {
            u.AsSpan(row * chromaWidth, chromaWidth).Fill(RedCb);
            v.AsSpan(row * chromaWidth, chromaWidth).Fill(RedCr);
        }
    }

    private static void Text(byte[] y, int width, int height, string text, int scale, int top)
    {
        int advance = (PrivacyFont.GlyphWidth + 1) * scale;
        int left = (width - (text.Length * advance) + scale) / 2;
        for (int index = 0; index < text.Length; index++)
        {
            ReadOnlySpan<byte> rows = PrivacyFont.Glyph(text[index]);
            for (int row = 0; row < rows.Length; row++)
            {
                for (int column = 0; column < PrivacyFont.GlyphWidth; column++)
                {
                    if ((rows[row] & (0x10 >> column)) != 0)
                    {
                        Block(y, width, height, left + (index * advance) + (column * scale), top + (row * scale), scale);
                    }
                }
            }
        }
    }

    private static void Block(byte[] y, int width, int height, int x, int top, int scale)
    {
        for (int row = Math.Max(0, top); row < Math.Min(height, top + scale); row++)
        {
            int from = Math.Max(0, x);
            int to = Math.Min(width, x + scale);
            if (to > from)
            {
                y.AsSpan((row * width) + from, to - from).Fill(Ink);
            }
        }
    }
}
