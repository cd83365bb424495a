using SoHoa.Batches;
using SoHoa.Tests.Support;

namespace SoHoa.Tests.Batches;

[TestClass]
public sealed class FolderBatchFilesTests
{
    [TestMethod]
    public async Task OpenRead_FileInsideTheFolder_GivesItsBytesAndLength()
    {
        using var batch = new TempDirectory();
        byte[] page = TestImages.GrayPng(20, 20);
        batch.Write("0001/01.png", page);

        await using Stream stream = await new FolderBatchFiles(batch.Path).OpenReadAsync("0001/01.png");

        Assert.AreEqual(page.Length, stream.Length);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        CollectionAssert.AreEqual(page, copy.ToArray());
    }

    [TestMethod]
    [DataRow("../outside.png", "file.path")]
    [DataRow("/etc/hostname", "file.path")]
    [DataRow("0001\\01.png", "file.path")]
    [DataRow("0001//01.png", "file.path")]
    public async Task OpenRead_NameThatLeavesTheBatch_IsRefusedWithItsRule(string relative, string rule)
    {
        using var batch = new TempDirectory();
        batch.Write("0001/01.png", TestImages.GrayPng(20, 20));

        var error = await Assert.ThrowsExactlyAsync<BatchFileException>(() => new FolderBatchFiles(batch.Path).OpenReadAsync(relative));

        Assert.AreEqual(rule, error.Rule);
        StringAssert.Contains(error.Message, relative);
    }

    [TestMethod]
    public async Task OpenRead_MissingFile_IsFileNotFound()
    {
        using var batch = new TempDirectory();

        var error = await Assert.ThrowsExactlyAsync<FileNotFoundException>(() => new FolderBatchFiles(batch.Path).OpenReadAsync("0001/01.png"));

        StringAssert.Contains(error.Message, "0001/01.png");
    }

    [TestMethod]
    public async Task OpenRead_FileSwappedForALinkOutsideAfterTheBatchWasChecked_IsRefusedWhenRead()
    {
        using var batch = new TempDirectory();
        using var outside = new TempDirectory();
        batch.Write("0001/01.png", TestImages.GrayPng(20, 20));
        string secret = outside.Write("secret.png", TestImages.GrayPng(30, 30));
        batch.Write("batch.json", """
            {"schema":"sohoa.batch/v1","batchId":"B-LINK","agency":{"code":"000.00.01.H12","name":"UBND huyện Phụng Hiệp","level":"district"},
             "dossiers":[{"dossierCode":"000.00.01.H12-261122-0001","procedureCode":"1.001612",
               "applicant":{"personalId":"093090001234","fullName":"Nguyễn Văn An"},
               "documents":[{"kind":"birth-certificate","role":"input","files":["0001/01.png"]}]}]}
            """);
        BatchPlan plan = await BatchLoader.LoadAsync(batch.Path);
        Assert.AreEqual(1, plan.Jobs.Count, string.Join("; ", plan.Rejected.SelectMany(r => r.Problems)));

        string page = Path.Combine(batch.Path, "0001", "01.png");
        File.Delete(page);
        File.CreateSymbolicLink(page, secret);

        var error = await Assert.ThrowsExactlyAsync<BatchFileException>(() => plan.Jobs[0].Source.OpenReadAsync(plan.Jobs[0].Files[0].RelativePath));
        Assert.AreEqual("file.path", error.Rule);
    }
}
