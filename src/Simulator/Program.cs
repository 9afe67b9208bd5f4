using EwcUpgrade.Simulator;
using EwcUpgrade.Simulator.Lab;
using EwcUpgrade.Simulator.Transport;

if (args.Length == 1 && args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(CommandLine.Usage);
    return 0;
}
try
{
    return args.FirstOrDefault() switch
    {
        "run" => LabRunner.Run(CommandLine.ParseRun(args[1..])),
        "attach" when args.Length == 2 => AttachClient.Run(args[1]),
        _ => throw new UsageException(args.Length == 0 ? "no command given" : $"unknown command {args[0]}"),
    };
}
catch (UsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}\n\n{CommandLine.Usage}");
    return CommandLine.UsageExit;
}
catch (Exception e) when (e is LabFileException or LabStartException or IOException or UnauthorizedAccessException)
{
    // Caught here rather than left unhandled, so the lab's using blocks stop sshd and clean up first.
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
