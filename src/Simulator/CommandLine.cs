namespace EwcUpgrade.Simulator;

/// <summary>The options of `run`; anything it does not know is a usage error (exit 64).</summary>
internal sealed record RunOptions(string LabPath, string? StateDirectory, string? EndpointsPath, bool CreateUsers, bool ExitOnStdinClose);

internal sealed class UsageException(string message) : Exception(message);

internal static class CommandLine
{
    public const int UsageExit = 64;

    public const string Usage = """
        usage: EwcUpgrade.Simulator run --lab <lab.yml> [--state-dir DIR] [--endpoints FILE] [--create-users] [--exit-on-stdin-close]
               EwcUpgrade.Simulator attach <socket>     (internal: sshd's forced command for each session)
               EwcUpgrade.Simulator --help

        Plays the controllers (EWCs) of a lab YAML over real SSH: starts OpenSSH's sshd on 127.0.0.1
        with one port per controller (one sshd per 16 controllers, the most one sshd listens on),
        writes the endpoints JSON (atomically), prints "ready <file>"
        and serves until SIGINT or SIGTERM, then stops sshd and cleans up.

          --lab FILE             the lab definition (see examples/lab.yml)
          --state-dir DIR        sshd config, host key, pid, logs and the attach socket; a kept
                                 folder keeps the host key (and its fingerprint) across runs.
                                 Default: a new temporary folder, removed on exit.
          --endpoints FILE       where to write the endpoints JSON (default <state-dir>/endpoints.json)
          --create-users         as root: create missing system accounts for the lab's users and
                                 set their lab passwords (needed for password logins); they are
                                 removed when the last lab using them stops (or, after a lab was
                                 killed, at the next start). Accounts the lab did not create are
                                 never changed.
          --exit-on-stdin-close  also stop when standard input closes (for a parent process)

        Exit codes: 0 stopped cleanly, 1 the lab could not start, 64 usage error.
        """;

    public static RunOptions ParseRun(IReadOnlyList<string> args)
    {
        string? lab = null, state = null, endpoints = null;
        bool createUsers = false, exitOnStdinClose = false;
        for (var i = 0; i < args.Count; i++)
        {
            string Value()
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)) throw new UsageException($"{args[i]} needs a value");
                return args[++i];
            }
            switch (args[i])
            {
                case "--lab": lab = Value(); break;
                case "--state-dir": state = Value(); break;
                case "--endpoints": endpoints = Value(); break;
                case "--create-users": createUsers = true; break;
                case "--exit-on-stdin-close": exitOnStdinClose = true; break;
                default: throw new UsageException($"unknown option {args[i]}");
            }
        }
        return new RunOptions(lab ?? throw new UsageException("--lab is required"), state, endpoints, createUsers, exitOnStdinClose);
    }
}
