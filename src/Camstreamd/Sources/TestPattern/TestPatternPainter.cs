namespace Camstreamd.Sources.TestPattern;

/// <summary>
/// Draws the test picture into reused planar YUV 4:2:0 buffers (BT.601 studio range, what JPEG
/// encoders take without conversion): 75 % colour bars, a white bar that moves every frame, and a box
/// with the frame number and the wall-clock time. Allocates only in the constructor.
/// </summary>
internal sealed class TestPatternPainter
{
    private const byte Black = 16;
    private const byte White = 235;
    private const byte NeutralChroma = 128;

    // 75 % bars, left to right: white, yellow, cyan, green, magenta, red, blue, black (Y, Cb, Cr).
    private static ReadOnlySpan<byte> BarY => [180, 162, 131, 112, 84, 65, 35, 16];

    private static ReadOnlySpan<byte> BarU => [128, 44, 156, 72, 184, 100, 212, 128];

    private static ReadOnlySpan<byte> BarV => [128, 142, 44, 58, 198, 212, 114, 128];

    private readonly byte[] _barsY;
    private readonly byte[] _barsU;
    private readonly byte[] _barsV;
    private readonly char[] _counterText = new char[10];
    private readonly char[] _clockText = new char[12];

    public TestPatternPainter(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        ChromaWidth = (width + 1) / 2;
        ChromaHeight = (height + 1) / 2;
        Y = new byte[width * height];
        U = new byte[ChromaWidth * ChromaHeight];
        V = new byte[ChromaWidth * ChromaHeight];

        // One row of bars per plane, copied to every row each frame (a memcpy per row is the cheapest redraw).
        _barsY = new byte[width];
        _barsU = new byte[ChromaWidth];
        _barsV = new byte[ChromaWidth];
        for (int x = 0; x < width; x++)
        {
            _barsY[x] = BarY[x * 8 / width];
        }

        for (int x = 0; x < ChromaWidth; x++)
        {
            int bar = Math.Min(7, x * 2 * 8 / width);
            _barsU[x] = BarU[bar];
            _barsV[x] = BarV[bar];
        }
    }

    public int Width { get; }

    public int Height { get; }

    public int ChromaWidth { get; }

    public int ChromaHeight { get; }

    /// <summary>Luma plane, stride <see cref="Width"/>.</summary>
    public byte[] Y { get; }

    /// <summary>Cb plane, stride <see cref="ChromaWidth"/>.</summary>
    public byte[] U { get; }

    /// <summary>Cr plane, stride <see cref="ChromaWidth"/>.</summary>
    public byte[] V { get; }

    /// <summary>Redraws the whole picture for frame <paramref name="frameNumber"/> at <paramref name="now"/>.</summary>
    public void Paint(long frameNumber, DateTimeOffset now)
    {
        for (int row = 0; row < Height; row++)
        {
            _barsY.CopyTo(Y.AsSpan(row * Width, Width));
        }

        for (int row = 0; row < ChromaHeight; row++)
        {
            _barsU.CopyTo(U.AsSpan(row * ChromaWidth, ChromaWidth));
            _barsV.CopyTo(V.AsSpan(row * ChromaWidth, ChromaWidth));
        }

        // The moving bar crosses the picture in about four seconds at 30 fps, whatever the width.
        int barWidth = Math.Max(2, Width / 40);
        int step = Math.Max(1, Width / 120);
        int barX = (int)((frameNumber * step) % (Width + barWidth)) - barWidth;
        FillRect(barX, 0, barWidth, Height, White, NeutralChroma, NeutralChroma);

        int scale = Math.Max(1, Math.Min(Width / 160, Height / 90));
        int margin = 2 * scale;
        int lineHeight = (DigitFont.GlyphHeight + 2) * scale;
        FormatCounter(frameNumber);
        FormatClock(now);
        int boxWidth = (_clockText.Length * (DigitFont.GlyphWidth + 1) * scale) + (2 * margin);
        FillRect(0, 0, boxWidth, (2 * lineHeight) + (2 * margin), Black, NeutralChroma, NeutralChroma);
        DrawText(_counterText, margin, margin, scale);
        DrawText(_clockText, margin, margin + lineHeight, scale);
    }

    private void FormatCounter(long frameNumber)
    {
        long value = frameNumber;
        for (int i = _counterText.Length - 1; i >= 0; i--)
        {
            _counterText[i] = (char)('0' + (int)(value % 10));
            value /= 10;
        }
    }

    private void FormatClock(DateTimeOffset now)
    {
        TimeSpan t = now.TimeOfDay;
        Put2(_clockText, 0, t.Hours);
        _clockText[2] = ':';
        Put2(_clockText, 3, t.Minutes);
        _clockText[5] = ':';
        Put2(_clockText, 6, t.Seconds);
        _clockText[8] = '.';
        int ms = t.Milliseconds;
        _clockText[9] = (char)('0' + (ms / 100));
        _clockText[10] = (char)('0' + (ms / 10 % 10));
        _clockText[11] = (char)('0' + (ms % 10));
    }

    private static void Put2(char[] text, int at, int value)
    {
        text[at] = (char)('0' + (value / 10));
        text[at + 1] = (char)('0' + (value % 10));
    }

    private void DrawText(ReadOnlySpan<char> text, int left, int top, int scale)
    {
        for (int i = 0; i < text.Length; i++)
        {
            ReadOnlySpan<byte> glyph = DigitFont.Glyph(text[i]);
            int glyphLeft = left + (i * (DigitFont.GlyphWidth + 1) * scale);
            for (int row = 0; row < glyph.Length; row++)
            {
                for (int column = 0; column < DigitFont.GlyphWidth; column++)
                {
                    if ((glyph[row] & (0x10 >> column)) != 0)
                    {
                        FillLuma(glyphLeft + (column * scale), top + (row * scale), scale, scale, White);
                    }
                }
            }
        }
    }

    private void FillRect(int x, int y, int width, int height, byte luma, byte cb, byte cr)
    {
        FillLuma(x, y, width, height, luma);

        // Chroma covers 2x2 luma pixels; widen to whole chroma samples so the edges stay clean.
        int cx0 = Math.Max(0, x >> 1);
        int cy0 = Math.Max(0, y >> 1);
        int cx1 = Math.Min(ChromaWidth, (x + width + 1) >> 1);
        int cy1 = Math.Min(ChromaHeight, (y + height + 1) >> 1);
        for (int row = cy0; row < cy1; row++)
        {
            if (cx1 > cx0)
            {
                U.AsSpan((row * ChromaWidth) + cx0, cx1 - cx0).Fill(cb);
                V.AsSpan((row * ChromaWidth) + cx0, cx1 - cx0).Fill(cr);
            }
        }
    }

    private void FillLuma(int x, int y, int width, int height, byte luma)
    {
        int x0 = Math.Max(0, x);
        int y0 = Math.Max(0, y);
        int x1 = Math.Min(Width, x + width);
        int y1 = Math.Min(Height, y + height);
        if (x1 <= x0)
        {
            return;
        }

        for (int row = y0; row < y1; row++)
        {
            Y.AsSpan((row * Width) + x0, x1 - x0).Fill(luma);
        }
    }
}
