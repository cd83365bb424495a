using System.Text;
using SoHoa.Pdf.Syntax;
using SoHoa.Signing.Verification;

namespace SoHoa.Tests.Signing.Verification;

[TestClass]
public sealed class ObjectEqualityTests
{
    [TestMethod]
    public void Same_ObjectsThatSerializeAlike_AreTheSame()
    {
        var equality = new ObjectEquality();

        // Serialization is the measure: an integer and a real that write as "1" are the same, as they were before.
        Assert.IsTrue(equality.Same(new PdfInteger(1), new PdfReal(1.0)));
        Assert.IsTrue(equality.Same(new PdfReference(4, 0), new PdfReference(4, 0)));
    }

    [TestMethod]
    public void Same_HexAndLiteralStringOrEntriesReordered_AreNotTheSame()
    {
        var equality = new ObjectEquality();
        byte[] text = Encoding.ASCII.GetBytes("A");
        PdfDictionary ab = new PdfDictionary().Set("A", new PdfInteger(1)).Set("B", new PdfInteger(2));
        PdfDictionary ba = new PdfDictionary().Set("B", new PdfInteger(2)).Set("A", new PdfInteger(1));

        Assert.IsFalse(equality.Same(new PdfString(text), new PdfString(text, isHex: true)));
        Assert.IsFalse(equality.Same(ab, ba));
    }

    [TestMethod]
    public void NotIn_AgreesWithComparingEveryPair()
    {
        var equality = new ObjectEquality();
        PdfObject[] old = [new PdfReference(5, 0), new PdfReference(6, 0), new PdfReference(6, 0), new PdfInteger(7)];
        PdfObject[] current = [new PdfReference(6, 0), new PdfReference(8, 0), new PdfReal(7.0)];

        PdfObject[] removed = equality.NotIn(old, current).ToArray();
        PdfObject[] added = equality.NotIn(current, old).ToArray();

        CollectionAssert.AreEqual(old.Where(o => !current.Any(c => equality.Same(o, c))).ToArray(), removed);
        CollectionAssert.AreEqual(current.Where(c => !old.Any(o => equality.Same(o, c))).ToArray(), added);
        Assert.AreEqual(1, removed.Length);
        Assert.AreEqual(1, added.Length);
    }

    [TestMethod]
    public void NotIn_NothingToCompareWith_KeepsEverything()
    {
        var equality = new ObjectEquality();
        PdfObject[] items = [new PdfReference(5, 0)];

        CollectionAssert.AreEqual(items, equality.NotIn(items, []).ToArray());
        Assert.AreEqual(0, equality.NotIn([], items).Count());
    }
}
