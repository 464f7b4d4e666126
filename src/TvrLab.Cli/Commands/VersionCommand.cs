using System.CommandLine;
using System.Runtime.InteropServices;
using TvrLab.Torch;

namespace TvrLab.Cli.Commands;

/// <summary>`tvrlab version`: what the kit runs on (the versions a run records).</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the versions of .NET, libtorch and the devices the kit can use.");
        command.SetAction(_ =>
        {
            Console.WriteLine($".NET      {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"libtorch  {torch.__version__}{(torch.cuda.built_with_cuda() ? " (CUDA build)" : " (CPU build)")}");
            Console.WriteLine($"threads   {torch.get_num_threads()}");
            Console.WriteLine($"cuda      {(torch.cuda.is_available() ? $"{torch.cuda.device_count()} device(s)" : "not available")}");
            return 0;
        });
        return command;
    }
}
