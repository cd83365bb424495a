namespace SoHoa.TestData.Generator.Content;

internal enum Sex
{
    Male,
    Female,
}

/// <summary>A synthetic citizen. <see cref="PersonalId"/> is valid for the birth date, sex and birth province.</summary>
internal sealed record Person(
    string FullName,
    Sex Sex,
    DateOnly DateOfBirth,
    string PersonalId,
    string Ethnicity,
    Address BirthPlace,
    Address Residence)
{
    public string SexName => Sex == Sex.Male ? "Nam" : "Nữ";

    /// <summary>"Ông" or "Bà", as forms address a person.</summary>
    public string Honorific => Sex == Sex.Male ? "Ông" : "Bà";

    public string Nationality => "Việt Nam";
}
