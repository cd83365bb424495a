namespace SoHoa.Pipeline;

/// <summary>How far a batch has come, reported when its documents are known and after each one finishes.</summary>
/// <param name="BatchId">The batch.</param>
/// <param name="Documents">How many documents the batch has that can be processed (rejected ones are not counted).</param>
/// <param name="Finished">How many of them have finished, whatever their outcome.</param>
/// <param name="Pages">The pages of the finished documents.</param>
/// <param name="Failed">How many of the finished ones failed.</param>
/// <param name="Last">The document that just finished; null in the first report.</param>
public sealed record BatchProgress(string BatchId, int Documents, int Finished, int Pages, int Failed, DocumentResult? Last);
