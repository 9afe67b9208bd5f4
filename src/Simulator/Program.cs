using EwcUpgrade.Simulator;
using EwcUpgrade.Simulator.Transport;

// The EWC lab simulator. See --help.
const string Usage = """
    usage: EwcUpgrade.Simulator run --lab <lab.yml> [--state-dir DIR] [--endpoints FILE] [--create-users] [--exit-on-stdin-close]
           EwcUpgrade.Simulator attach <socket>      (run by the lab's sshd for each session)

    Plays the controllers of a lab YAML over real SSH: starts an OpenSSH sshd on 127.0.0.1 with one
    port per controller, prints each endpoint and "ready <endpoints.json>", and serves until Ctrl+C
    or SIGTERM. --state-dir keeps the host key (and so its fingerprint) across runs; without it a
    temporary folder is used and removed. --create-users (as root) creates the lab's logins as system
    accounts marked ewc-lab, so password logins work.
    """;

if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 64 : 0;
}
if (args[0] == "attach") return args.Length == 2 ? AttachClient.Run(args[1]) : 64;
if (args[0] != "run")
{
    Console.Error.WriteLine(Usage);
    return 64;
}
string? lab = null, state = null, endpoints = null;
bool createUsers = false, exitOnStdinClose = false;
for (var i = 1; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    try
    {
        switch (args[i])
        {
            case "--lab": lab = Next(); break;
            case "--state-dir": state = Next(); break;
            case "--endpoints": endpoints = Next(); break;
            case "--create-users": createUsers = true; break;
            case "--exit-on-stdin-close": exitOnStdinClose = true; break;
            default: throw new ArgumentException($"unknown option {args[i]}");
        }
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine($"error: {e.Message}\n{Usage}");
        return 64;
    }
}
if (lab == null)
{
    Console.Error.WriteLine("error: --lab is required\n" + Usage);
    return 64;
}
try
{
    return LabRunner.Run(lab, state, endpoints, createUsers, exitOnStdinClose);
}
catch (Exception e) when (e is InvalidDataException or FileNotFoundException or InvalidOperationException or UnauthorizedAccessException)
{
    Console.Error.WriteLine("error: " + e.Message);
    return 1;
}
