using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing;

namespace SoHoa.Tests.Pdf.Syntax;

/// <summary>
/// The valid files the mutation tests start from: classic and stream cross-references, object streams (plain, so
/// that mutations hit their numbers, and Flate with a PNG predictor), incremental updates, and files signed by our
/// own signer with a fixed throwaway key at a fixed time (one signature, two, and a DSS update after them), so that
/// every source, and every case made from it, is the same on every run.
/// </summary>
internal static class MutationSources
{
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> Unsigned = new(BuildUnsigned);
    private static readonly Lazy<IReadOnlyList<(string Name, byte[] Bytes)>> Signed = new(BuildSigned);

    /// <summary>Gets the unsigned sources, by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> UnsignedFiles => Unsigned.Value;

    /// <summary>Gets the signed sources, by name.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> SignedFiles => Signed.Value;

    /// <summary>Gets every source.</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> All => [.. UnsignedFiles, .. SignedFiles];

    /// <summary>Gets the DER certificate the signed sources are signed with.</summary>
    public static byte[] SignerCertificate
    {
        get
        {
            using var key = FixedKey.Create();
            return key.Certificate.RawData;
        }
    }

    /// <summary>Builds every source anew (what <see cref="All"/> holds, built once).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> BuildAll() => [.. BuildUnsigned(), .. BuildSigned()];

    /// <summary>The bodies of a small document: 1 catalog, 2 pages, 3 font, 4 info, then a page and its content per page.</summary>
    public static List<string> DocumentBodies(int pageCount)
    {
        var bodies = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Range(0, pageCount).Select(i => $"{5 + (2 * i)} 0 R"))}] /Count {pageCount} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Producer (SoHoa mutation tests) /Title (Mutated \\(doc\\)) /CreationDate (D:20261122083000+07'00') >>",
        };
        for (var i = 0; i < pageCount; i++)
        {
            bodies.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {6 + (2 * i)} 0 R >>");
            bodies.Add(TestPdfBuilder.Stream($"BT /F1 24 Tf 72 700 Td (Page {i + 1}) Tj ET"));
        }

        return bodies;
    }

    /// <summary>
    /// Builds a file whose objects other than streams sit in one object stream and whose cross-reference is a stream
    /// (W [1 4 2]); both are plain, or Flate (the cross-reference stream with PNG Up predictor rows) when <paramref name="compress"/>.
    /// Object i+1 has body <paramref name="bodies"/>[i]; the object stream and the cross-reference stream follow them.
    /// </summary>
    public static byte[] BuildWithXrefStream(IReadOnlyList<string> bodies, bool compress, string trailerExtra = "/Root 1 0 R /Info 4 0 R")
    {
        var file = new MemoryStream();
        void Write(string text) => file.Write(Encoding.Latin1.GetBytes(text));
        Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        int objectStream = bodies.Count + 1;
        int xref = bodies.Count + 2;
        var rows = new (int Type, long Field2, int Field3)[xref + 1];
        rows[0] = (0, 0, 65535);
        var header = new StringBuilder();
        var packed = new StringBuilder();
        int index = 0;
        for (var i = 0; i < bodies.Count; i++)
        {
            if (bodies[i].Contains("stream\n", StringComparison.Ordinal))
            {
                rows[i + 1] = (1, file.Position, 0);
                Write($"{i + 1} 0 obj\n{bodies[i]}\nendobj\n");
            }
            else
            {
                rows[i + 1] = (2, objectStream, index++);
                header.Append(CultureInfo.InvariantCulture, $"{i + 1} {packed.Length} ");
                packed.Append(bodies[i]).Append('\n');
            }
        }

        rows[objectStream] = (1, file.Position, 0);
        byte[] content = Encoding.Latin1.GetBytes(header.ToString() + packed);
        WriteStream(objectStream, $"/Type /ObjStm /N {index} /First {header.Length}", content, compress ? "/Filter /FlateDecode" : string.Empty);

        rows[xref] = (1, file.Position, 0);
        byte[] data = new byte[rows.Length * 7];
        for (var i = 0; i < rows.Length; i++)
        {
            data[i * 7] = (byte)rows[i].Type;
            for (var b = 0; b < 4; b++)
            {
                data[(i * 7) + 1 + b] = (byte)(rows[i].Field2 >> (8 * (3 - b)));
            }

            data[(i * 7) + 5] = (byte)(rows[i].Field3 >> 8);
            data[(i * 7) + 6] = (byte)rows[i].Field3;
        }

        string dictionary = $"/Type /XRef /Size {xref + 1} /W [1 4 2] {trailerExtra} /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>]";
        long xrefOffset = file.Position;
        if (compress)
        {
            WriteStream(xref, dictionary, PdfFilters.EncodePngUp(data, 7), "/Filter /FlateDecode /DecodeParms << /Predictor 12 /Columns 7 >>");
        }
        else
        {
            WriteStream(xref, dictionary, data, string.Empty);
        }

        Write($"startxref\n{xrefOffset}\n%%EOF\n");
        return file.ToArray();

        void WriteStream(int number, string entries, byte[] payload, string filter)
        {
            byte[] stored = filter.Length > 0 ? PdfFilters.FlateEncode(payload) : payload;
            Write($"{number} 0 obj\n<< {entries} {filter} /Length {stored.Length} >>\nstream\n");
            file.Write(stored);
            Write("\nendstream\nendobj\n");
        }
    }

    /// <summary>Appends a DSS to the catalog of <paramref name="pdf"/> in an update, with the signer's certificate and two garbage revocation entries.</summary>
    public static byte[] AddDss(byte[] pdf, byte[] certificate)
    {
        var reader = PdfFileReader.Open(pdf);
        var writer = new PdfIncrementalWriter(reader);
        var rootRef = (PdfReference)reader.Trailer["Root"]!;
        var catalog = ((PdfDictionary)reader.Resolve(rootRef)).Clone();
        var cert = writer.Add(PdfStream.CreateFlate(certificate));
        var ocsp = writer.Add(PdfStream.CreateUncompressed([0x30, 0x03, 0x0A, 0x01, 0x00]));
        var crl = writer.Add(PdfStream.CreateFlate([0x30, 0x82, 0x00, 0x01, 0x00]));
        var vri = new PdfDictionary().Set("Cert", PdfArray.Of(cert)).Set("OCSP", PdfArray.Of(ocsp));
        catalog.Set("DSS", new PdfDictionary()
            .Set("Certs", PdfArray.Of(cert))
            .Set("OCSPs", PdfArray.Of(ocsp))
            .Set("CRLs", PdfArray.Of(crl))
            .Set("VRI", new PdfDictionary().Set("0123456789ABCDEF0123456789ABCDEF01234567", vri)));
        writer.Set(rootRef, catalog);
        return writer.Write().Bytes;
    }

    private static IReadOnlyList<(string Name, byte[] Bytes)> BuildUnsigned()
    {
        byte[] classic = TestPdfBuilder.BuildDocument(2);
        byte[] updated = PdfSyntaxProbes.ReplaceFirstPageText(classic, "Updated", out _).Bytes;
        byte[] plainStreams = BuildWithXrefStream(DocumentBodies(2), compress: false);
        var writer = new PdfIncrementalWriter(PdfFileReader.Open(classic)) { UseXrefStream = true };
        writer.Add(new PdfDictionary().Set("Note", PdfString.FromText("an update with a cross-reference stream")));
        byte[] classicThenStream = writer.Write().Bytes;
        return
        [
            ("classic", classic),
            ("classic+update", updated),
            ("objstm+xrefstm", plainStreams),
            ("objstm+xrefstm flate/predictor", BuildWithXrefStream(DocumentBodies(1), compress: true)),
            ("classic+stream update", classicThenStream),
        ];
    }

    private static IReadOnlyList<(string Name, byte[] Bytes)> BuildSigned()
    {
        using var key = FixedKey.Create();
        var signer = new PadesSigner(key, new FixedTime());
        var request = new SignatureRequest("Mutation test", "Phụng Hiệp");
        byte[] once = signer.SignAsync(TestPdfBuilder.BuildDocument(1), request).GetAwaiter().GetResult();
        byte[] twice = signer.SignAsync(once, request).GetAwaiter().GetResult();
        byte[] streams = signer.SignAsync(BuildWithXrefStream(DocumentBodies(1), compress: false), request).GetAwaiter().GetResult();
        return
        [
            ("signed", once),
            ("signed twice + DSS", AddDss(twice, key.Certificate.RawData)),
            ("signed objstm+xrefstm", streams),
        ];
    }

    /// <summary>22 November 2026, 08:30 in Vietnam, whenever the tests run.</summary>
    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 11, 22, 1, 30, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// A throwaway RSA key made for these tests (it signs nothing else) with a self-signed certificate made the same
    /// way each run: RSA PKCS#1 v1.5 signatures are deterministic, so with a fixed time the signed sources, and so the
    /// mutated cases, are the same bytes on every machine.
    /// </summary>
    private sealed class FixedKey : ISignatureKey, IDisposable
    {
        private const string Pem = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCeQOlX+X+V0PMP
        TvXPFf+O2uu351gOnSk1HqYoKFB8i35HJJguoBWovOZxDPkNtpYIIpdvb6EJUClI
        8CbBmhs3Iil74FTkYHnm8vom2MMdsWwazS8EGtG1GN3OstTxXqvW0o16Im6ebwnv
        BdOK1gAcn2p/VMEXuDQUifugwLJ4EepKtS5Rcx6tBoKgTzKJgHM4f2nFbHznLig0
        qP7hfmfYRNilRuAJg6aAjUB4vmLN/haSGO9D5bKcRsFTfW+4gCYmiveW7lGDTpvm
        BZFLrvLY1yhm9582jji9IQW7NKluKkXg4TWZT9kuuAXbH7/LnP4Vy83KojP/53il
        nDCFBqrXAgMBAAECggEARFCbKpoO5JqNwmcAn8PMTVvd88aPcceQWVkAu0cj74+8
        FHQMqdv7XZsmE1lZTf0q6Rodq0JSDxYmrFDXOi4PX46Ev/AIVYn8NaFgMVLTb8b+
        dtdqW2hEbNvuLGNwnz2SCqtb3YRtokEm1aL7PezBoZmDvLHWpSmkedVS5YMpx8Cu
        BjEEguhvEHGIsUABhbWnqfzWlnFSPXxlwbyBHnXLmotnz4whp10q5fIVgd4UPDWT
        z3gTvVe6OQWlS6pvSj+Qqt/Pjqe46WrTKxgdvqAOPvehzQT4dTrsekdzXgDgPRjp
        N9Svy/Oigr43GUB2b7K/1bhNAPHFIwi9FUowgCTNoQKBgQDVIzAYrQRSGNJLkVBE
        n34duyBKpwYEzEvfHAoIkS93VKhBEDQsTZexnYK8e4J0pcfswBsVWRI1Z/tDtKeZ
        qTkc4kgnPgXVwxJHgcZw0/cFL4rgGZl1VIXGs/sOITHVUGuj9Br8AogUL6s54oQE
        UKLa3KWkaUmD0Su56C3UX3sBUQKBgQC+FCxRgDqfuZ2KwxaKLj6fcJuyusFr8fWc
        kf2GCU2XNVI+bL42JB7Tn1aH04p5G6md88yK2E7bAa1QhwMgOgQvL63+P2pD8hQz
        sJ2yi4Timnx13bwTsYTS9Kvm4mPrj9lOOcfUeMVEknUofbPHIkB1zGiCknvJrxLm
        9jEcRKAfpwKBgDKNPgMcRkISkQ5LUPZ1vbvffjE2nD7XFce9JsQRa2iqM5368eTw
        ImKGMVPzF2YDS//jMIlHrwHrv7S3TGktsdYf9W0ZUNj6g4NiTGbGX3hjZlTwvW0O
        twwB9DHNvbwSbvVcGGpdT1k6VSpNh3JejcHLQ55TOpSBMBXP887DNrGBAoGBAKUQ
        /b+1PLPSzIZhjuRm7oklkICxACHO2L2kZmcNEy2Z55dAdhqsWXzrpYiE437yz+TU
        gK+e0zQLi8gfx04oM9QKcu4VgiIJSxPsb7ZKxRbIlAcDjT4I7lEIm3QA7Eb3//2X
        3fqc+qrnCQklyIbJLvNdlPC3ZvqpqB+cct+alPeHAoGBAKZA9t+UzYi9i6mRU/00
        hFN9he66HTNqRw6hxdzpZ/xQ1gsB4lmk2mznZTqeUhZqEyaK4pRfJwxEE0dA2JYb
        7L+J/0govI1xaZ09gAs7uMx/OhwhZzZgvH7NZgvwJKWoF50MfBrCYu8IweVLYQGL
        3v+fmAb6nxy++Ctvjc8DVIoj
        -----END PRIVATE KEY-----
        """;

        private readonly RSA rsa;

        private FixedKey(RSA rsa, X509Certificate2 certificate)
        {
            this.rsa = rsa;
            Certificate = certificate;
        }

        public X509Certificate2 Certificate { get; }

        public IReadOnlyList<X509Certificate2> Chain => [];

        public static FixedKey Create()
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(Pem);
            var name = new X500DistinguishedName("CN=Mutation Test Signer, O=SoHoa");
            var request = new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, critical: true));
            X509Certificate2 certificate = request.Create(
                name,
                X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
                new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2036, 1, 1, 0, 0, 0, TimeSpan.Zero),
                [0x26, 0x11, 0x22]);
            return new FixedKey(rsa, certificate);
        }

        public Task<byte[]> SignDigestAsync(ReadOnlyMemory<byte> digest, HashAlgorithmName hashAlgorithm, CancellationToken cancellationToken = default) =>
            Task.FromResult(rsa.SignHash(digest.Span, hashAlgorithm, RSASignaturePadding.Pkcs1));

        public void Dispose()
        {
            Certificate.Dispose();
            rsa.Dispose();
        }
    }
}
