using SoHoa.Identifiers;

namespace SoHoa.Tests.Identifiers;

[TestClass]
public sealed class DossierAndProcedureCodeTests
{
    [TestMethod]
    public void DossierCode_Valid_SplitsIntoParts()
    {
        DossierCode code = DossierCode.Parse("000.00.01.H12-261122-0001");

        Assert.AreEqual("000.00.01.H12", code.AgencyCode);
        Assert.AreEqual(new DateOnly(2026, 11, 22), code.ReceivedOn);
        Assert.AreEqual(1, code.Sequence);
        Assert.AreEqual("000.00.01.H12-261122-0001-KQ2", code.ResultCode(2));
    }

    [TestMethod]
    [DataRow("", "required")]
    [DataRow("000.00.01.H12-261122-001", "format", DisplayName = "3-digit sequence")]
    [DataRow("000.00.01.H12-2611220-0001", "format", DisplayName = "7-digit date")]
    [DataRow("000.00.01.H12_261122_0001", "format")]
    [DataRow("00.00.01.H12-261122-0001", "agency")]
    [DataRow("000.00.01.h12-261122-0001", "agency", DisplayName = "lower-case agency letter")]
    [DataRow("000.00.01.H12-261322-0001", "date", DisplayName = "month 13")]
    [DataRow("000.00.01.H12-260230-0001", "date", DisplayName = "30 February")]
    [DataRow("000.00.01.H12-261122-0000", "sequence")]
    public void DossierCode_Invalid_NamesTheBrokenRule(string text, string rule)
    {
        IdentifierCheck check = DossierCode.TryParse(text, out DossierCode? code);

        Assert.IsNull(code);
        Assert.AreEqual(rule, check.Rule, check.Message);
    }

    [TestMethod]
    [DataRow("1.001612")]
    [DataRow("2.002154")]
    [DataRow("1.001612.000.00.00.H12")]
    [DataRow("1.001612.000.00.00.H12.02")]
    [DataRow("1.001612.02")]
    public void ProcedureCode_Valid_IsAccepted(string text)
    {
        Assert.IsTrue(ProcedureCode.TryParse(text, out ProcedureCode? code).IsValid);
        Assert.AreEqual(text[..8], code!.Value.NationalCode);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("1001612")]
    [DataRow("1.00161")]
    [DataRow("1.0016123")]
    [DataRow("A.001612")]
    [DataRow("1.001612.H12")]
    [DataRow("1.001612.2")]
    public void ProcedureCode_Invalid_IsRefused(string text)
    {
        Assert.IsFalse(ProcedureCode.TryParse(text, out _).IsValid);
    }
}
