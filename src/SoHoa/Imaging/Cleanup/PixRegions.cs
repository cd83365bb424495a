using SoHoa.Imaging.Leptonica;

namespace SoHoa.Imaging.Cleanup;

/// <summary>Rectangles on Leptonica images: cutting one out, and finding where the ink is.</summary>
internal static class PixRegions
{
    /// <summary>The bounding box of every ink pixel of a 1-bit image; null when there is none.</summary>
    public static (int Left, int Top, int Width, int Height)? InkArea(SafePixHandle binary)
    {
        if (LeptonicaNative.pixClipToForeground(binary, IntPtr.Zero, out IntPtr box) != 0 || box == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return LeptonicaNative.boxGetGeometry(box, out int x, out int y, out int w, out int h) == 0 && w > 0 && h > 0 ? (x, y, w, h) : null;
        }
        finally
        {
            LeptonicaNative.boxDestroy(ref box);
        }
    }

    /// <summary>A copy of <paramref name="area"/> of <paramref name="pix"/> (owned by the caller); an invalid handle when Leptonica made none.</summary>
    public static SafePixHandle Clip(SafePixHandle pix, (int Left, int Top, int Width, int Height) area)
    {
        IntPtr box = LeptonicaNative.boxCreate(area.Left, area.Top, area.Width, area.Height);
        if (box == IntPtr.Zero)
        {
            return new SafePixHandle();
        }

        try
        {
            return LeptonicaNative.pixClipRectangle(pix, box, IntPtr.Zero);
        }
        finally
        {
            LeptonicaNative.boxDestroy(ref box);
        }
    }

    /// <summary>The bounds of a rectangle's corners turned clockwise by <paramref name="degrees"/> about (<paramref name="cx"/>, <paramref name="cy"/>).</summary>
    public static (double MinX, double MinY, double MaxX, double MaxY) TurnedBounds((int Left, int Top, int Width, int Height) rectangle, double degrees, double cx, double cy)
    {
        double radians = degrees * Math.PI / 180;
        double cos = Math.Cos(radians);
        double sin = Math.Sin(radians);
        (int left, int top, int right, int bottom) = (rectangle.Left, rectangle.Top, rectangle.Left + rectangle.Width, rectangle.Top + rectangle.Height);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach ((int px, int py) in (ReadOnlySpan<(int, int)>)[(left, top), (right, top), (left, bottom), (right, bottom)])
        {
            double dx = px - cx;
            double dy = py - cy;
            double tx = cx + (dx * cos) - (dy * sin);
            double ty = cy + (dx * sin) + (dy * cos);
            minX = Math.Min(minX, tx);
            minY = Math.Min(minY, ty);
            maxX = Math.Max(maxX, tx);
            maxY = Math.Max(maxY, ty);
        }

        return (minX, minY, maxX, maxY);
    }
}
