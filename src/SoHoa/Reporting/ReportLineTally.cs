using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>The running counts of one line.</summary>
internal sealed class ReportLineTally(bool withQuality)
{
    public long DossiersReceived;
    public long DossiersDigitized;
    public long DossiersReused;
    public long ComponentsDigitized;
    public long ReusedInBatches;
    public long ReusedByOpen;
    public long ResultsIssued;
    public long ResultsDigitized;

    public ReportQualityTally? Quality { get; } = withQuality ? new ReportQualityTally() : null;

    public void Add(ReportDossierCounts counts)
    {
        DossiersReceived += counts.Received;
        DossiersDigitized += counts.Digitized;
        DossiersReused += counts.Reused;
        ComponentsDigitized += counts.ComponentsDigitized;
        ReusedInBatches += counts.ReusedInBatches;
        ReusedByOpen += counts.ReusedByOpen;
        ResultsIssued += counts.ResultsIssued;
        ResultsDigitized += counts.ResultsDigitized;
    }

    public ReportLine ToLine(string key, string label, AgencyLevel? level, RateTargets? targets, bool withQuality)
    {
        var figures = new ReportFigures(DossiersReceived, DossiersDigitized, DossiersReused, ComponentsDigitized, ReusedInBatches + ReusedByOpen, ReusedInBatches, ReusedByOpen, ResultsIssued, ResultsDigitized);
        return new ReportLine(key, label, level, figures, ReportRates.Of(figures), targets, withQuality ? Quality?.ToQuality() : null);
    }
}

/// <summary>What one dossier adds to every line it belongs to.</summary>
internal readonly record struct ReportDossierCounts(
    int Received, int Digitized, int Reused, int ComponentsDigitized, int ReusedInBatches, int ReusedByOpen, int ResultsIssued, int ResultsDigitized);
