using System.Runtime.InteropServices;

namespace SoHoa.Imaging.Leptonica;

/// <summary>Owns a Leptonica <c>PIX*</c>; destroying it drops Leptonica's reference.</summary>
internal sealed class SafePixHandle : SafeHandle
{
    /// <summary>Creates an empty handle; the marshaller fills it.</summary>
    public SafePixHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Width in pixels.</summary>
    public int Width => LeptonicaNative.pixGetWidth(this);

    /// <summary>Height in pixels.</summary>
    public int Height => LeptonicaNative.pixGetHeight(this);

    /// <summary>Bits per pixel: 1, 2, 4, 8, 16 or 32.</summary>
    public int Depth => LeptonicaNative.pixGetDepth(this);

    /// <summary>Horizontal resolution in pixels per inch, 0 when the file did not say.</summary>
    public int XResolution => LeptonicaNative.pixGetXRes(this);

    /// <summary>Vertical resolution in pixels per inch, 0 when the file did not say.</summary>
    public int YResolution => LeptonicaNative.pixGetYRes(this);

    /// <summary>True when the image has a colour map.</summary>
    public bool HasColormap => LeptonicaNative.pixGetColormap(this) != IntPtr.Zero;

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        IntPtr pix = handle;
        LeptonicaNative.pixDestroy(ref pix);
        return true;
    }
}
