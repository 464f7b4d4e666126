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
    TrainCommand.Create(),
    EvalCommand.Create(),
    AblateCommand.Create(),
    VideoCommand.Create(),
    NotebooksCommand.Create(),
    GroupCommands.Bench(),
    GroupCommands.Data(),
    TextCommand.Create(),
})
    root.Subcommands.Add(command);
OnWorkerThread.ApplyTo(root);   // every asynchronous command runs where Ctrl+C/SIGTERM can reach it

// Ctrl+C cancels the command's token; `tvrlab train` then writes a resumable checkpoint at the next optimiser step, so
// allow it time to finish (System.CommandLine's default is 2 s).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(60) });
