namespace SoHoa.TestData.Generator.Rendering;

/// <summary>
/// Runs ImageMagick conversions. Every file it writes carries its resolution in pixels per inch and no
/// timestamps, so that the same input and seed give byte-identical output.
/// </summary>
internal sealed class ImageMagick
{
    private readonly ExternalTool _tool;

    public ImageMagick(ExternalTool tool) => _tool = tool;

    /// <summary>Reads <paramref name="inputs"/> (several make a multi-page file), applies <paramref name="operations"/>, writes <paramref name="output"/>.</summary>
    public Task ConvertAsync(IEnumerable<string> inputs, IEnumerable<string> operations, string output, CancellationToken cancellationToken) =>
        _tool.RunAsync([.. inputs, .. operations, .. OutputSettings(output), output], cancellationToken);

    public Task ConvertAsync(string input, IEnumerable<string> operations, string output, CancellationToken cancellationToken) =>
        ConvertAsync([input], operations, output, cancellationToken);

    /// <summary>Creates an image from operations alone (such as <c>xc:white</c>).</summary>
    public Task CreateAsync(IEnumerable<string> operations, string output, CancellationToken cancellationToken) =>
        ConvertAsync([], operations, output, cancellationToken);

    private static IEnumerable<string> OutputSettings(string output)
    {
        // Converts any density already present (PNG stores pixels per metre) to a DPI figure.
        yield return "-units";
        yield return "PixelsPerInch";
        switch (Path.GetExtension(output).ToUpperInvariant())
        {
            case ".PNG":
                // ImageMagick's default zlib level with adaptive filtering beats level 9 on these pages, in size and time.
                yield return "-define";
                yield return "png:color-type=0"; // grayscale
                yield return "-define";
                yield return "png:bit-depth=8";
                yield return "-define";
                yield return "png:exclude-chunks=date,tIME,tEXt,zTXt,iTXt,gAMA,cHRM,sRGB,iCCP,bKGD";
                break;
            case ".TIF" or ".TIFF":
                yield return "-define";
                yield return "tiff:rows-per-strip=64";
                break;
        }
    }
}
