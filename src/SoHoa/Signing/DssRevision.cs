using System.Security.Cryptography;
using SoHoa.Pdf;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Revocation;

namespace SoHoa.Signing;

/// <summary>The incremental update that carries B-LT validation material: a DSS revision, apart from the signing phases that gather it.</summary>
internal static class DssRevision
{
    /// <summary>Appends the revision with the DSS (ISO 32000-2 12.8.4.3), merging with an existing one.</summary>
    internal static byte[] Append(byte[] pdf, ValidationMaterial material)
    {
        PdfFileReader reader = PdfFileReader.Open(pdf);
        var writer = new PdfIncrementalWriter(reader);
        PdfDictionary catalog = reader.GetCatalog().Clone();
        PdfDictionary dss = (catalog.GetDictionary("DSS", reader) ?? new PdfDictionary().Set("Type", new PdfName("DSS"))).Clone();

        void Merge(string key, IEnumerable<byte[]> items)
        {
            PdfArray existing = dss.GetArray(key, reader) ?? new PdfArray();
            var known = existing.Select(e => reader.Resolve(e)).OfType<PdfStream>().Select(s => Convert.ToHexString(SHA256.HashData(reader.DecodeStream(s)))).ToHashSet(StringComparer.Ordinal);
            var merged = new PdfArray(existing.ToArray());
            foreach (byte[] item in items)
            {
                if (known.Add(Convert.ToHexString(SHA256.HashData(item))))
                {
                    merged.Add(writer.Add(PdfStream.CreateUncompressed(item)));
                }
            }

            if (merged.Count > 0)
            {
                dss.Set(key, merged);
            }
        }

        Merge("Certs", material.Certificates);
        Merge("OCSPs", material.OcspResponses);
        Merge("CRLs", material.Crls);
        if (catalog["DSS"] is PdfReference dssReference)
        {
            writer.Set(dssReference, dss);
        }
        else
        {
            catalog.Set("DSS", writer.Add(dss));
        }

        writer.Set(reader.Trailer.GetReference("Root") ?? throw new SoHoaException(SoHoaErrorCode.Pdf, "The PDF has no /Root."), catalog);
        return writer.Write().Bytes;
    }
}
