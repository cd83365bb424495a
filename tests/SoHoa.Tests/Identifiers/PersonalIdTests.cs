using SoHoa.Identifiers;

namespace SoHoa.Tests.Identifiers;

[TestClass]
public sealed class PersonalIdTests
{
    [TestMethod]
    [DataRow("093090001234", 1990, false, DisplayName = "Hậu Giang, 1900s male")]
    [DataRow("001305123456", 2005, true, DisplayName = "Hà Nội, 2000s female")]
    [DataRow("079200000001", 2000, false, DisplayName = "TP HCM, 2000s male")]
    [DataRow("096199999999", 1999, true, DisplayName = "Cà Mau, 1900s female")]
    [DataRow("001400000001", 2100, false, DisplayName = "2100s male")]
    public void TryParse_ValidNumber_DecodesYearAndSex(string text, int year, bool female)
    {
        IdentifierCheck check = PersonalId.TryParse(text, null, out PersonalId? id);

        Assert.IsTrue(check.IsValid, check.Message);
        Assert.AreEqual(year, id!.Value.BirthYear);
        Assert.AreEqual(female, id.Value.IsFemale);
        Assert.AreEqual(text[..3], id.Value.ProvinceCode);
    }

    [TestMethod]
    [DataRow("", "required")]
    [DataRow("09309000123", "length")]
    [DataRow("0930900012345", "length")]
    [DataRow("09309000123A", "digits")]
    [DataRow("093 90001234", "digits")]
    [DataRow("003090001234", "province", DisplayName = "003 is not a province code")]
    [DataRow("099090001234", "province")]
    [DataRow("000090001234", "province")]
    public void TryParse_InvalidNumber_NamesTheBrokenRule(string text, string rule)
    {
        IdentifierCheck check = PersonalId.TryParse(text, null, out PersonalId? id);

        Assert.IsFalse(check.IsValid);
        Assert.IsNull(id);
        Assert.AreEqual(rule, check.Rule);
        Assert.IsFalse(string.IsNullOrWhiteSpace(check.Message));
    }

    [TestMethod]
    public void TryParse_CenturyDigitDisagreesWithDateOfBirth_IsInvalid()
    {
        // G = 2 means born in the 2000s; a date of birth in 1990 contradicts it.
        IdentifierCheck check = PersonalId.TryParse("093290001234", new DateOnly(1990, 5, 1), out _);

        Assert.AreEqual("birth-year", check.Rule);
        StringAssert.Contains(check.Message, "2090");
    }

    [TestMethod]
    public void TryParse_YearDigitsDisagreeWithDateOfBirth_IsInvalid()
    {
        IdentifierCheck check = PersonalId.TryParse("093090001234", new DateOnly(1991, 1, 1), out _);

        Assert.AreEqual("birth-year", check.Rule);
    }

    [TestMethod]
    public void TryParse_DateOfBirthMatches_IsValid()
    {
        Assert.IsTrue(PersonalId.TryParse("093090001234", new DateOnly(1990, 12, 23), out _).IsValid);
    }

    [TestMethod]
    public void TryParse_ForeignRegistrationAllowed_AcceptsCountryCode()
    {
        Assert.IsTrue(PersonalId.TryParse("704090001234", null, out _, allowForeignRegistration: true).IsValid);
        Assert.IsFalse(PersonalId.TryParse("704090001234", null, out _).IsValid);
    }

    [TestMethod]
    public void ToString_MasksTheMiddleDigits()
    {
        PersonalId id = PersonalId.Parse("093090001234");

        Assert.AreEqual("093*******34", id.ToString());
        Assert.AreEqual("093090001234", id.Value);
    }

    [TestMethod]
    public void ProvinceCodes_HasTheSixtyThreeProvinces()
    {
        Assert.AreEqual(63, PersonalId.ProvinceCodes.Count);
        Assert.IsTrue(PersonalId.ProvinceCodes.Contains("001"));
        Assert.IsTrue(PersonalId.ProvinceCodes.Contains("096"));
    }

    [TestMethod]
    public void Parse_Invalid_ThrowsSoHoaExceptionWithTheRule()
    {
        var ex = Assert.ThrowsExactly<SoHoaException>(() => PersonalId.Parse("12345"));

        Assert.AreEqual(SoHoaErrorCode.InvalidIdentifier, ex.Code);
        StringAssert.Contains(ex.Message, "12 digits");
    }

    [TestMethod]
    [DataRow("0930900012345", null, DisplayName = "too long")]
    [DataRow("09309000123x", null, DisplayName = "not digits")]
    [DataRow("999090001234", null, DisplayName = "no such province")]
    [DataRow("093090001234", "1985-05-01", DisplayName = "birth year disagrees")]
    public void TryParse_Invalid_MessageNeverHoldsTheWholeId(string text, string? born)
    {
        IdentifierCheck check = PersonalId.TryParse(text, born is null ? null : DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), out _);

        Assert.IsFalse(check.IsValid);
        Assert.IsFalse(check.Message!.Contains(text, StringComparison.Ordinal), check.Message);
        StringAssert.Contains(check.Message, PersonalId.Mask(text));
    }
}
