using System.Collections.Concurrent;
using SoHoa.Imaging;

namespace SoHoa.Ocr.Tesseract;

/// <summary>
/// Up to <see cref="OcrOptions.EngineCount"/> Tesseract engines, each loaded once and reused for page after page.
/// Recognition never starts a process or reloads a model.
/// </summary>
public sealed class TesseractEnginePool : IPageRecognizer, IDisposable
{
    private readonly OcrOptions _options;
    private readonly ConcurrentBag<TesseractEngine> _idle = [];
    private readonly ConcurrentBag<TesseractEngine> _all = [];
    private readonly SemaphoreSlim _slots;
    private bool _disposed;

    /// <summary>Creates the pool; engines load on first use.</summary>
    /// <exception cref="ArgumentException">The options are not valid (every problem is listed).</exception>
    public TesseractEnginePool(OcrOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<string> problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid OCR options: " + string.Join(" ", problems), nameof(options));
        }

        _options = options;
        _slots = new SemaphoreSlim(options.EngineCount, options.EngineCount);
    }

    /// <summary>The version of the Tesseract library in use.</summary>
    public static string TesseractVersion => TesseractEngine.Version;

    /// <inheritdoc/>
    public string Description => $"Tesseract {TesseractVersion} {_options.Languages} psm {_options.PageSegmentationMode}";

    /// <inheritdoc/>
    public async Task<OcrPage> RecognizeAsync(CleanPage page, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_idle.TryTake(out TesseractEngine? engine))
            {
                engine = new TesseractEngine(_options);
                _all.Add(engine);
            }

            try
            {
                return engine.Recognize(page);
            }
            finally
            {
                _idle.Add(engine);
            }
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (TesseractEngine engine in _all)
        {
            engine.Dispose();
        }

        _slots.Dispose();
    }
}
