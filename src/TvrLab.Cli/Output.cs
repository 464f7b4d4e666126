using Spectre.Console;

namespace TvrLab.Cli;

/// <summary>Where commands print tables: the terminal, or plain wide text when the output goes to a file or a pipe.</summary>
internal static class Output
{
    public static IAnsiConsole Console { get; } = Create();

    static IAnsiConsole Create()
    {
        if (!System.Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 200;
        return console;
    }
}
