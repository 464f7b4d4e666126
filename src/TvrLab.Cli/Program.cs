using System.CommandLine;
using TvrLab.Cli.Commands;
using TvrLab.Cli.Commands.Demo;

// `tvrlab`: one subcommand per area, each built in its own file under Commands/.
var root = new RootCommand("TvrLab: CLIP-based text-video retrieval, reproduced and explained (CLIP4Clip, DRL, CLIP2TV, CLIP-ViP).");
foreach (var command in new[]
{
    VersionCommand.Create(),
    DemoCommand.Create(),
    VerifyCommand.Create(),
    RunsCommand.Create(),
    VideoCommand.Create(),
    NotebooksCommand.Create(),
    GroupCommands.Bench(),
    GroupCommands.Data(),
    TextCommand.Create(),
})
    root.Subcommands.Add(command);

return await root.Parse(args).InvokeAsync();
