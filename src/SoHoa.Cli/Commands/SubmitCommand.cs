using System.CommandLine;
using SoHoa.Azure.Queue;

namespace SoHoa.Cli.Commands;

/// <summary><c>sohoa submit &lt;batch-dir&gt; --store &lt;connection string&gt;</c>: check a batch, upload it and queue it for the workers.</summary>
internal static class SubmitCommand
{
    public static Command Create()
    {
        var batch = new Argument<DirectoryInfo>("batch-dir") { Description = "The batch folder: batch.json (schema sohoa.batch/v1) and the page files it names." };
        var store = new CliStore();
        var queue = QueueOption();
        var command = new Command(
            "submit",
            "Queue a batch for the workers (sohoa worker --queue): check its manifest and files (a batch with any problem is refused before anything is uploaded), " +
            "upload batch.json and the page files it names under batches-in/<batch id>/ in the store's container, create-only, then send a message naming them. " +
            "Submitting the same batch again with the same files uploads nothing and queues it again; the same batch id with other files is refused. Prints the batch's name.")
        {
            batch, store.Store, store.Container, queue,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!CliStore.IsConnectionString(store.LocationOf(parse)))
            {
                Console.Error.WriteLine("error: submit needs --store <Azure Storage connection string> (or SOHOA_STORE): the queue is in that account. With an inbox folder, rename the batch into <inbox>/inbox/ instead.");
                return ExitCodes.Usage;
            }

            try
            {
                AzureBatchSubmitter submitter = AzureBatchSubmitter.Open(store.AzureOptions(parse), new AzureQueueOptions { QueueName = parse.GetValue(queue) ?? AzureQueueOptions.DefaultQueueName });
                SubmittedBatch submitted = await submitter.SubmitAsync(parse.GetValue(batch)!.FullName, cancellationToken);
                Console.Error.WriteLine($"Queued batch {submitted.BatchName} ({submitted.Documents} documents; {submitted.Uploaded} of {submitted.Files} files uploaded, " +
                    $"{submitted.Files - submitted.Uploaded} already there) in {submitter.Description}.");
                Console.WriteLine(submitted.BatchName);
                return ExitCodes.Success;
            }
            catch (SoHoaException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return ex.Code == SoHoaErrorCode.InvalidManifest ? ExitCodes.Incomplete : ExitCodes.Of(ex);
            }
        });
        return command;
    }

    /// <summary>The --queue option of <c>submit</c> and <c>worker</c>.</summary>
    public static Option<string?> QueueOption() => new("--queue")
    {
        Description = $"The Azure Storage queue of batches waiting for a worker, in the --store account (submit's default: {AzureQueueOptions.DefaultQueueName}); batches set aside go to <queue>{AzureQueueOptions.PoisonSuffix}.",
    };
}
