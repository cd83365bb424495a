using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Signing.Verification;

[TestClass]
public sealed class PdfDatesTests
{
    [TestMethod]
    public void Parse_DateWithOffset_KeepsTheOffset()
    {
        DateTimeOffset? parsed = PdfDates.Parse("D:20261122083000+07'00'");

        Assert.AreEqual(new DateTimeOffset(2026, 11, 22, 8, 30, 0, TimeSpan.FromHours(7)), parsed);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("20261122083000")]
    [DataRow("D:2026")]
    [DataRow("D:20261122083000+99'00'")]
    [DataRow("D:00010101000000+07'00'")]
    public void Parse_NoDateOrOneOutOfRange_IsNull(string? text) =>
        Assert.IsNull(PdfDates.Parse(text));
}
