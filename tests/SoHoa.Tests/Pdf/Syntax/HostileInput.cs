using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>What the hostile-input tests do to a file: read all of it, verify it, and tell a clean refusal from a bug.</summary>
internal static class HostileInput
{
    /// <summary>How many objects of one revision are read at most (the budget bounds the rest).</summary>
    private const int ObjectsPerRevision = 5000;

    /// <summary>
    /// Opens the file and, in every revision, resolves every object it defines and every reference inside them, decodes
    /// every stream and walks the page tree. A clean <see cref="PdfSyntaxException"/> on one object does not stop the
    /// walk; returns the first exception that is not one, or null.
    /// </summary>
    public static Exception? ReadFailure(byte[] input)
    {
        try
        {
            var reader = PdfFileReader.Open(input);
            for (int r = 0; r < reader.Revisions.Count; r++)
            {
                int revision = r;
                foreach (int number in reader.Revisions[r].Entries.Keys.Take(ObjectsPerRevision))
                {
                    Tolerate(() =>
                    {
                        PdfObject value = reader.GetObject(number, revision);
                        ResolveReferences(reader, value, revision);
                        if (value is PdfStream stream)
                        {
                            reader.DecodeStream(stream);
                        }
                    });
                }

                Tolerate(() => reader.GetPageReferences(revision));
                Tolerate(() => reader.GetCatalog(revision));
            }

            return null;
        }
        catch (PdfSyntaxException ex) when (!IsBug(ex))
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>Verifies the file; returns what the verifier threw (it promises never to throw), or null.</summary>
    public static Exception? VerifyFailure(PdfSignatureVerifier verifier, byte[] input)
    {
        try
        {
            return verifier.Verify(input) is null ? new InvalidOperationException("Verify returned null") : null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Verifies the file; returns, as an exception, the first problem in which the verifier reports an unexpected error
    /// it caught while checking a signature (its safety net: a bug behind it all the same), or null.
    /// </summary>
    public static Exception? UnexpectedErrorReported(PdfSignatureVerifier verifier, byte[] input)
    {
        VerificationReport report;
        try
        {
            report = verifier.Verify(input);
        }
        catch (Exception ex)
        {
            return ex;
        }

        VerificationProblem? swallowed = report.Signatures.SelectMany(s => s.Problems).Concat(report.Problems)
            .FirstOrDefault(p => p.Message.Contains("unexpected error", StringComparison.Ordinal));
        return swallowed is null ? null : new InvalidOperationException($"{swallowed.Code}: {swallowed.Message}");
    }

    /// <summary>
    /// Whether a <see cref="PdfSyntaxException"/> wraps an internal failure (an index out of range, a null dereference,
    /// an overflow...) that the reader turned into a syntax error: a bug to fix, though callers are safe from it.
    /// </summary>
    public static bool IsBug(Exception ex)
    {
        for (Exception? e = ex.InnerException; e is not null; e = e.InnerException)
        {
            if (e is IndexOutOfRangeException or NullReferenceException or ArgumentException or InvalidCastException or OverflowException or InvalidOperationException or FormatException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The exception's kind and where in SoHoa it was thrown, to group failures by cause.</summary>
    public static string Signature(Exception ex)
    {
        Exception root = ex;
        while (root is PdfSyntaxException { InnerException: { } inner })
        {
            root = inner;
        }

        if (root.StackTrace is null)
        {
            // A problem the verifier reported: grouped by its exception type and the start of its message.
            return root.Message.Length > 90 ? root.Message[..90] : root.Message;
        }

        string frame = (root.StackTrace ?? string.Empty).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at SoHoa.", StringComparison.Ordinal)) ?? "?";
        return $"{root.GetType().Name} {frame}";
    }

    /// <summary>The exception with the top of its stack, inner exceptions included.</summary>
    public static string Describe(Exception ex)
    {
        var lines = new List<string>();
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            lines.Add($"{e.GetType().Name}: {e.Message}");
            lines.AddRange((e.StackTrace ?? string.Empty).Split('\n').Select(l => "    " + l.Trim()).Take(8));
        }

        return string.Join('\n', lines);
    }

    /// <summary>Runs <paramref name="action"/>, letting only a clean <see cref="PdfSyntaxException"/> pass.</summary>
    private static void Tolerate(Action action)
    {
        try
        {
            action();
        }
        catch (PdfSyntaxException ex) when (!IsBug(ex))
        {
        }
    }

    /// <summary>Resolves each reference inside an object (not following them further: each object is visited on its own).</summary>
    private static void ResolveReferences(PdfFileReader reader, PdfObject value, int revision)
    {
        var pending = new Stack<PdfObject>();
        pending.Push(value is PdfStream stream ? stream.Dictionary : value);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case PdfReference reference:
                    Tolerate(() => reader.Resolve(reference, revision));
                    break;
                case PdfArray array:
                    foreach (PdfObject item in array)
                    {
                        pending.Push(item);
                    }

                    break;
                case PdfDictionary dictionary:
                    foreach ((PdfName _, PdfObject item) in dictionary)
                    {
                        pending.Push(item);
                    }

                    break;
            }
        }
    }
}
