using System.Text;

namespace SoHoa.Batches;

/// <summary>
/// Something wrong with the input, located as precisely as it can be: batch, dossier, document, file and field.
/// </summary>
/// <param name="BatchId">The batch, or the batch folder when the manifest could not be read.</param>
/// <param name="DossierCode">The dossier, when the problem is inside one.</param>
/// <param name="File">The file relative to the batch folder, when the problem is about a file.</param>
/// <param name="Field">The manifest field as a JSON path (for example <c>dossiers[1].applicant.personalId</c>), when one is to blame.</param>
/// <param name="Rule">A short stable name of the rule that failed, such as <c>personal-id.province</c>.</param>
/// <param name="Message">What is wrong, in a sentence a person can act on.</param>
public sealed record InputProblem(string BatchId, string? DossierCode, string? File, string? Field, string Rule, string Message)
{
    /// <summary>One line naming every known location, then the message.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("batch ").Append(BatchId);
        if (DossierCode is not null)
        {
            text.Append(", dossier ").Append(DossierCode);
        }

        if (File is not null)
        {
            text.Append(", file ").Append(File);
        }

        if (Field is not null)
        {
            text.Append(", field ").Append(Field);
        }

        return text.Append(": ").Append(Message).ToString();
    }
}
