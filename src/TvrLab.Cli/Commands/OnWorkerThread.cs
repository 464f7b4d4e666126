using System.CommandLine;
using System.CommandLine.Invocation;

namespace TvrLab.Cli.Commands;

/// <summary>
/// Runs an asynchronous command's action on a thread-pool thread. System.CommandLine puts its Ctrl+C/SIGTERM handling
/// (cancel the token, wait up to the termination timeout) around the Task an action returns; an action that does its
/// work before returning that Task (training, a grid, a frame cache) would run with no handling in place, and SIGTERM
/// would kill the process mid-step instead of letting it write its resumable checkpoint. Program.cs applies this to
/// every command, so each command's action stays a plain method.
/// </summary>
internal sealed class OnWorkerThread(AsynchronousCommandLineAction inner) : AsynchronousCommandLineAction
{
    public override Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default) =>
        Task.Run(() => inner.InvokeAsync(parseResult, cancellationToken));

    /// <summary>Wraps the asynchronous action of <paramref name="command"/> and of every subcommand below it.</summary>
    public static void ApplyTo(Command command)
    {
        if (command.Action is AsynchronousCommandLineAction action and not OnWorkerThread) command.Action = new OnWorkerThread(action);
        foreach (var sub in command.Subcommands) ApplyTo(sub);
    }
}
