namespace SoHoa.Reporting;

/// <summary>The results of one kind in one dossier, across the batches that held them.</summary>
internal sealed class ReportResultKind
{
    private readonly Dictionary<string, int> _perBatch = new(StringComparer.Ordinal);
    private readonly HashSet<string> _digitized = new(StringComparer.Ordinal);

    /// <summary>The most results of this kind any one batch held, or the distinct stored ones when more.</summary>
    public int Issued
    {
        get
        {
            int most = _digitized.Count;
            foreach (int inBatch in _perBatch.Values)
            {
                most = Math.Max(most, inBatch);
            }

            return most;
        }
    }

    public void Clear()
    {
        _perBatch.Clear();
        _digitized.Clear();
    }

    public int Digitized => _digitized.Count;

    public void Add(LedgerEntry entry)
    {
        _perBatch[entry.Source] = _perBatch.GetValueOrDefault(entry.Source) + 1;
        if (entry.IsDigitized && entry.DocumentId is { } id)
        {
            _digitized.Add(id);
        }
    }
}
