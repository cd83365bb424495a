using System.Text;
using SoHoa.Batches;
using SoHoa.Pipeline;
using SoHoa.Reporting;
using SoHoa.Signing;
using SoHoa.Storage;

namespace SoHoa.Tests.Reporting;

/// <summary>
/// A constructed history of three agencies (a province, a district, a commune) over January to March 2026, with
/// stored, already-stored, reused, rejected and failed documents, results, a corrected resubmission in a later batch,
/// a batch recorded twice and one redelivered with a failure, a dossier with an invalid code, a batch problem, signed
/// inputs (one flagged, one certified so SoHoa could not sign) and audited opens of every sort. The figures it must give
/// were computed by hand and are written out in <see cref="ReportLedgerCountingTests"/>.
/// </summary>
internal static class ReportHistory
{
    public const string Province = "000.00.00.H12";
    public const string District = "000.00.01.H12";
    public const string Commune = "000.01.01.H12";

    public static readonly Agency ProvinceAgency = new(Province, "UBND tỉnh Hậu Giang", AgencyLevel.Province);
    public static readonly Agency DistrictAgency = new(District, "UBND huyện Phụng Hiệp", AgencyLevel.District);
    public static readonly Agency CommuneAgency = new(Commune, "UBND xã Tân Bình", AgencyLevel.Commune);

    public const string D1 = District + "-260105-0001";
    public const string D2 = District + "-260106-0002";
    public const string D3 = District + "-260120-0003";
    public const string C1 = Commune + "-260201-0001";
    public const string C2 = Commune + "-260202-0002";
    public const string C3 = Commune + "-260225-0003";
    public const string BadCode = "HS-KHONG-HOP-LE";
    public const string P1 = Province + "-260301-0001";
    public const string NeverReceived = Province + "-260315-0009";

    private const string Birth = "1.001612";
    private const string Marriage = "2.000488";

    /// <summary>Records the whole history into <paramref name="ledger"/>, with sidecars and the audit log in <paramref name="store"/>.</summary>
    public static async Task RecordAsync(IReportLedger ledger, FolderDocumentStore store, bool everythingTwice = false)
    {
        await WriteSidecarsAsync(store);
        for (int round = 0; round < (everythingTwice ? 2 : 1); round++)
        {
            // B1, district, 10 January.
            (BatchResult b1, BatchManifest m1) = Batch1();
            await ledger.RecordBatchAsync(b1, m1, store, PadesLevel.BaselineB);
            await ledger.RecordBatchAsync(b1, m1, store, PadesLevel.BaselineB); // the same batch recorded twice

            // B1 redelivered: everything is found already stored, except d1b, whose store could not be reached this time.
            await ledger.RecordBatchAsync(Redelivered(b1), m1, store, PadesLevel.BaselineLT);

            (BatchResult b2, BatchManifest m2) = Batch2();
            await ledger.RecordBatchAsync(b2, m2, store, PadesLevel.BaselineT);
            (BatchResult b3, BatchManifest m3) = Batch3();
            await ledger.RecordBatchAsync(b3, m3, store, PadesLevel.BaselineB);
            (BatchResult b4, BatchManifest m4) = Batch4();
            await ledger.RecordBatchAsync(b4, m4, store, PadesLevel.BaselineB);
        }

        await AuditAsync(store);
        await ledger.CatchUpOpensAsync(store.AuditLog);
        if (everythingTwice)
        {
            await ledger.CatchUpOpensAsync(store.AuditLog);
        }
    }

    /// <summary>The sidecars of the stored documents; p1a has none (its figures stay unknown).</summary>
    private static async Task WriteSidecarsAsync(FolderDocumentStore store)
    {
        var pages = new Dictionary<string, (bool Blank, bool Low)[]>
        {
            ["d1a"] = [(false, false), (false, true), (true, false)], // 3 scanned, 1 blank left out, page 2 low confidence
            ["d1b"] = [(false, false)],
            ["d1r"] = [(false, false)],
            ["d2a"] = [(false, false), (false, false), (false, false)],
            ["d2r"] = [(false, false)],
            ["d3r"] = [(false, false)],
            ["c1a"] = [(false, false), (false, false)],
            ["c1r"] = [(false, false), (false, false), (true, false), (false, false)], // a signed input keeps its blank page
            ["c2a"] = [(false, true)],
        };
        foreach ((string id, (bool Blank, bool Low)[] sidecarPages) in pages)
        {
            string json = "{\"schema\":\"sohoa.document/v1\",\"documentId\":\"" + id + "\",\"pages\":[" +
                string.Join(",", sidecarPages.Select((p, i) => $"{{\"number\":{i + 1},\"blank\":{(p.Blank ? "true" : "false")},\"lowConfidence\":{(p.Low ? "true" : "false")},\"words\":[]}}")) + "]}";
            await store.WriteAsync(PdfPath(id)[..^4] + ".json", Encoding.UTF8.GetBytes(json));
        }
    }

    private static (BatchResult, BatchManifest) Batch1()
    {
        BatchManifest manifest = Manifest("B1", DistrictAgency,
            Dossier(0, D1, Birth, ("birth-certificate", DocumentRole.Input), ("id-card", DocumentRole.Input), ("birth-extract", DocumentRole.Result)),
            Dossier(1, D2, Birth, ("household-book", DocumentRole.Input), ("birth-extract", DocumentRole.Result)),
            Dossier(2, D3, Marriage, ("id-card", DocumentRole.Input), ("marriage-certificate", DocumentRole.Result)));
        BatchResult result = Result("B1", new DateTimeOffset(2026, 1, 10, 2, 0, 0, TimeSpan.Zero),
            Stored(D1, 0, "birth-certificate", "d1a", 2, 2),
            Stored(D1, 1, "id-card", "d1b", 1),
            Stored(D1, 2, "birth-extract", "d1r", 1),
            Refused(D2, 0, "household-book", DocumentStatus.Rejected, "file.format"),
            Refused(D2, 1, "birth-extract", DocumentStatus.Rejected, "personal-id.province"),
            new DocumentResult(D3, 0, "id-card", DocumentStatus.Reused, "link1", PdfPath("d1b"), 1, [], []) { ReusedFrom = "d1b" },
            Refused(D3, 1, "marriage-certificate", DocumentStatus.Failed, "processing.failed"));
        return (result, manifest);
    }

    private static BatchResult Redelivered(BatchResult first) => first with
    {
        StartedAt = first.StartedAt.AddDays(1),
        Documents = first.Documents.Select(d => d.DocumentId switch
        {
            "d1b" => Refused(D1, 1, "id-card", DocumentStatus.Failed, "processing.failed"),
            not null when d.Status == DocumentStatus.Stored => d with { Status = DocumentStatus.AlreadyStored, LowConfidencePages = [] },
            _ => d,
        }).ToArray(),
    };

    private static (BatchResult, BatchManifest) Batch2()
    {
        BatchManifest manifest = Manifest("B2", CommuneAgency,
            Dossier(0, C1, Birth, ("id-card", DocumentRole.Input), ("birth-extract", DocumentRole.Result)),
            Dossier(1, C2, Marriage, ("id-card", DocumentRole.Input)),
            Dossier(2, C3, Birth, ("household-book", DocumentRole.Input)),
            Dossier(3, BadCode, Birth, ("id-card", DocumentRole.Input)));
        BatchResult result = Result("B2", new DateTimeOffset(2026, 2, 2, 20, 0, 0, TimeSpan.Zero), // 3 February in Vietnam
            Stored(C1, 0, "id-card", "c1a", 2) with { SignedInput = Signed(valid: false, soHoaSigned: true) },
            Stored(C1, 1, "birth-extract", "c1r", 4) with { SignedInput = Signed(valid: true, soHoaSigned: false) },
            new DocumentResult(C2, 0, "id-card", DocumentStatus.AlreadyStored, "c2a", PdfPath("c2a"), 1, [], []),
            Refused(C3, 0, "household-book", DocumentStatus.Failed, "processing.failed"),
            Refused(BadCode, 0, "id-card", DocumentStatus.Rejected, "dossier-code.format"));
        return (result with { Problems = [new InputProblem("B2", null, "batch.json", "dossiers[4]", "manifest.dossier", "A dossier entry is not an object.")] }, manifest);
    }

    /// <summary>A district batch in February: D2 corrected and sent again, and D3's result that failed in B1.</summary>
    private static (BatchResult, BatchManifest) Batch3()
    {
        BatchManifest manifest = Manifest("B3", DistrictAgency,
            Dossier(0, D2, Birth, ("household-book", DocumentRole.Input), ("birth-extract", DocumentRole.Result)),
            Dossier(1, D3, Marriage, ("marriage-certificate", DocumentRole.Result)));
        BatchResult result = Result("B3", new DateTimeOffset(2026, 2, 15, 3, 0, 0, TimeSpan.Zero),
            Stored(D2, 0, "household-book", "d2a", 3),
            Stored(D2, 1, "birth-extract", "d2r", 1),
            Stored(D3, 0, "marriage-certificate", "d3r", 1));
        return (result, manifest);
    }

    private static (BatchResult, BatchManifest) Batch4()
    {
        BatchManifest manifest = Manifest("B4", ProvinceAgency,
            Dossier(0, P1, Birth, ("id-card", DocumentRole.Input), ("birth-extract", DocumentRole.Result)));
        BatchResult result = Result("B4", new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
            Stored(P1, 0, "id-card", "p1a", 5, 1, 4),
            Refused(P1, 1, "birth-extract", DocumentStatus.Rejected, "file.missing"));
        return (result, manifest);
    }

    private static async Task AuditAsync(FolderDocumentStore store)
    {
        var at = new DateTimeOffset(2026, 3, 20, 3, 0, 0, TimeSpan.Zero);
        IAuditLog log = store.AuditLog;
        await log.AppendAsync(new AuditEntry(at, "officer", "open", "k", Marriage, C2, "d1a", "opened"));           // counted, for C2
        await log.AppendAsync(new AuditEntry(at, "officer", "open", "k", null, C1, "d1a", "opened"));               // no procedure: not counted
        await log.AppendAsync(new AuditEntry(at, "officer", "open", "k", Birth, C1, "d1a", "refused: integrity.hash-mismatch")); // refused: not counted
        await log.AppendAsync(new AuditEntry(at, "batch B1", "reuse", "k", Marriage, D3, "d1b", "opened"));        // counted from the batch
        await log.AppendAsync(new AuditEntry(at, "officer", "find", "k", Birth, null, null, "2 found, 2 reusable"));  // a find: not counted
        await log.AppendAsync(new AuditEntry(at, "officer", "open", "k", Birth, null, "d1r", "opened"));            // counted, no agency known
        await log.AppendAsync(new AuditEntry(at, "officer", "open", "k", Birth, NeverReceived, "d1r", "opened"));   // counted, for a dossier no batch held
    }

    private static BatchManifest Manifest(string batchId, Agency agency, params DossierEntry[] dossiers) => new(batchId, agency, dossiers);

    private static DossierEntry Dossier(int index, string code, string procedure, params (string Kind, DocumentRole Role)[] documents) =>
        new(index, code, procedure, new Applicant("093090001234", null, null),
            documents.Select((d, i) => new DocumentEntry(i, d.Kind, d.Role, [], null, null, null)).ToArray());

    private static BatchResult Result(string batchId, DateTimeOffset started, params DocumentResult[] documents) =>
        new(batchId, started, started.AddMinutes(5), documents, []);

    private static DocumentResult Stored(string dossier, int index, string kind, string id, int pages, params int[] lowConfidence) =>
        new(dossier, index, kind, DocumentStatus.Stored, id, PdfPath(id), pages, lowConfidence, []);

    private static DocumentResult Refused(string dossier, int index, string kind, DocumentStatus status, string rule) =>
        new(dossier, index, kind, status, null, null, null, [], [new InputProblem("b", dossier, null, null, rule, "why")]);

    private static SignedInput Signed(bool valid, bool soHoaSigned) => new("in.pdf", new string('0', 64), 100, valid, [], [], soHoaSigned, null);

    private static string PdfPath(string id) => $"docs/{id}.pdf";
}
