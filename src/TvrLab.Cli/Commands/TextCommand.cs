using System.CommandLine;
using TvrLab.Text;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab text ...`: the CLIP tokenizer's vocabulary.</summary>
internal static class TextCommand
{
    public static Command Create()
    {
        var text = new Command("text", "The CLIP BPE tokenizer: get its vocabulary.");
        text.Subcommands.Add(DownloadVocab());
        return text;
    }

    /// <summary>`tvrlab text download-vocab [--out PATH]`.</summary>
    static Command DownloadVocab()
    {
        var output = new Option<string?>("--out") { Description = $"Where to save it (default data/downloads/clip/{ClipVocabularyFile.FileName} under the repository, where the kit looks)." };
        var url = new Option<string>("--url") { Description = "Where to download from.", DefaultValueFactory = _ => ClipVocabularyFile.DownloadUrl };
        var command = new Command("download-vocab",
            $"Download OpenAI's {ClipVocabularyFile.FileName} from the public openai/CLIP repository, check it (gzip, {ClipVocabularyFile.LineCount:N0} lines, SHA-256) and save it.");
        command.Options.Add(output);
        command.Options.Add(url);
        command.SetAction(async (r, cancel) =>
        {
            var target = Path.GetFullPath(r.GetValue(output) ?? ClipVocabularyFile.DefaultDownloadPath());
            var source = r.GetValue(url)!;
            try
            {
                Console.WriteLine($"downloading {source}");
                await ClipVocabularyFile.DownloadAsync(target, source, cancel: cancel);
                Console.WriteLine($"saved {target} (SHA-256 {ClipVocabularyFile.Sha256}, verified)");
                return 0;
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
