using SoHoa.Batches;

namespace SoHoa.Reporting;

/// <summary>What a report is asked to cover.</summary>
public sealed record ReportRequest
{
    /// <summary>The first day of receipt counted, or null.</summary>
    public DateOnly? From { get; init; }

    /// <summary>The last day of receipt counted, or null.</summary>
    public DateOnly? To { get; init; }

    /// <summary>Only this agency (code), or null.</summary>
    public string? Agency { get; init; }

    /// <summary>Only agencies of this level, or null.</summary>
    public AgencyLevel? Level { get; init; }

    /// <summary>The targets the rates are shown against.</summary>
    public DigitizationTargets Targets { get; init; } = DigitizationTargets.Decision468;
}
