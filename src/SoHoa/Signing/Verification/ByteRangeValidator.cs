using SoHoa.Pdf.Syntax;

namespace SoHoa.Signing.Verification;

/// <summary>A well-formed byte range [0, ContentsStart) + [ContentsEnd, SignedEnd): everything up to SignedEnd but the /Contents string.</summary>
internal sealed record ByteRange(long ContentsStart, long ContentsEnd, long SignedEnd)
{
    /// <summary>The bytes the signature covers, taken from <paramref name="file"/>.</summary>
    public byte[] SignedBytes(ReadOnlySpan<byte> file) => [.. file[..(int)ContentsStart], .. file[(int)ContentsEnd..(int)SignedEnd]];
}

/// <summary>What the byte-range checks found about one signature.</summary>
/// <param name="Range">The byte range, when it is well formed; null when it is not (universal signature forgery, wrapping).</param>
/// <param name="Revision">The revision whose end the signed range ends at; null when it ends elsewhere.</param>
/// <param name="DictionarySigned">True when the signature dictionary in use lies inside the signed bytes.</param>
internal sealed record ByteRangeResult(ByteRange? Range, int? Revision, bool DictionarySigned)
{
    /// <summary>True when the signed bytes are a whole revision and the signature dictionary is among them.</summary>
    public bool Intact => Range is not null && Revision is not null && DictionarySigned;
}

/// <summary>
/// The first layer of integrity, the one that catches Universal Signature Forgery and Signature Wrapping: the byte range
/// must be four integers [0 a b c] with the gap [a, b) exactly the /Contents string, all inside the file; it must end
/// where a revision ends; and the signature dictionary must lie inside the signed bytes.
/// </summary>
internal static class ByteRangeValidator
{
    /// <summary>Checks the byte range of <paramref name="signature"/> (object <paramref name="reference"/>), adding a problem for each thing wrong.</summary>
    public static ByteRangeResult Validate(PdfFileReader reader, ReadOnlySpan<byte> file, PdfReference reference, PdfDictionary signature, List<VerificationProblem> problems)
    {
        if (CheckShape(reader, file, signature, problems) is not { } range)
        {
            return new ByteRangeResult(null, null, false);
        }

        int? revision = RevisionEndingAt(reader, file, range.SignedEnd);
        if (revision is null)
        {
            problems.Add(new VerificationProblem(VerificationProblems.ByteRangeRevision, "The signed range does not end where a revision ends: the signed data is not a whole version of the document."));
        }

        return new ByteRangeResult(range, revision, DictionaryIsSigned(reader, reference, range, problems));
    }

    /// <summary>The byte range must be four integers [0 a b c] with the gap [a, b) exactly the /Contents string, all inside the file.</summary>
    public static ByteRange? CheckShape(PdfFileReader reader, ReadOnlySpan<byte> file, PdfDictionary signature, List<VerificationProblem> problems)
    {
        if (signature.Get("ByteRange", reader) is not PdfArray { Count: 4 } array || array.Any(v => v is not PdfInteger))
        {
            problems.Add(new VerificationProblem(VerificationProblems.ByteRangeMissing, "The signature has no /ByteRange of four integers (universal signature forgery)."));
            return null;
        }

        long[] v = array.Select(x => ((PdfInteger)x).Value).ToArray();
        if (signature.Get("Contents", reader) is not PdfString contents || contents.Bytes.Length == 0)
        {
            problems.Add(new VerificationProblem(VerificationProblems.ContentsMissing, "The signature has no /Contents, or it is empty (universal signature forgery)."));
            return null;
        }

        if (contents.Span.IndexOfAnyExcept((byte)0) < 0)
        {
            problems.Add(new VerificationProblem(VerificationProblems.ContentsEmpty, "The signature's /Contents is all zeros: nothing was signed (universal signature forgery)."));
            return null;
        }

        // Written so that no sum can overflow: each part is compared with what is left of the file.
        if (v[0] != 0 || v[1] <= 0 || v[2] <= v[1] || v[3] < 0 || v[2] > file.Length || v[3] > file.Length - v[2])
        {
            problems.Add(new VerificationProblem(VerificationProblems.ByteRangeShape, $"The /ByteRange [{string.Join(' ', v)}] does not start at 0, is not ascending, or leaves the file."));
            return null;
        }

        if (contents.Source is not { } span || span.Start != v[1] || span.End != v[2])
        {
            problems.Add(new VerificationProblem(VerificationProblems.ByteRangeGap, $"The unsigned gap [{v[1]}, {v[2]}) of the /ByteRange is not exactly the /Contents string (signature wrapping)."));
            return null;
        }

        return new ByteRange(v[1], v[2], v[2] + v[3]);
    }

    /// <summary>The revision that ends where the signed range ends, or null when none does.</summary>
    public static int? RevisionEndingAt(PdfFileReader reader, ReadOnlySpan<byte> file, long signedEnd)
    {
        foreach (PdfRevision revision in reader.Revisions)
        {
            // A revision ends after %%EOF and its end-of-line; signers differ on whether that EOL is signed.
            long end = revision.EndOffset;
            if (signedEnd == end || (signedEnd < end && signedEnd >= end - 2 && file[(int)signedEnd..(int)end].IndexOfAnyExcept("\r\n"u8) < 0 && file[..(int)signedEnd].EndsWith("%%EOF"u8)))
            {
                return revision.Index;
            }
        }

        return null;
    }

    /// <summary>True when bytes other than whitespace follow <paramref name="end"/>, the end of the last revision: content appended outside any revision.</summary>
    public static bool HasContentAfter(ReadOnlySpan<byte> file, long end) =>
        end < file.Length && file[(int)end..].IndexOfAnyExcept(" \t\r\n\0"u8) >= 0;

    /// <summary>The signature dictionary itself must lie inside the signed bytes, or its /ByteRange could be anything.</summary>
    private static bool DictionaryIsSigned(PdfFileReader reader, PdfReference reference, ByteRange range, List<VerificationProblem> problems)
    {
        PdfIndirectObject? holder = reader.GetIndirectObject(reference.ObjectNumber);
        if (holder is { StartOffset: >= 0 } h && (h.EndOffset > range.SignedEnd || h.StartOffset > range.ContentsStart || h.EndOffset < range.ContentsEnd))
        {
            problems.Add(new VerificationProblem(VerificationProblems.ByteRangeDictionary, "The signature dictionary in use is not the one inside the signed bytes (signature wrapping)."));
            return false;
        }

        return true;
    }
}
