using System;
using System.IO;

namespace EwcUpgrade.Cli;

/// <summary>The device refused a command: carries the command and the device's own text.</summary>
public sealed class EwcCommandException : Exception
{
    public EwcCommandException(string target, string command, string deviceText)
        : base($"{target} rejected '{command}':{Environment.NewLine}{deviceText.Trim('\n', '\r')}")
    {
        Target = target;
        Command = command;
        DeviceText = deviceText;
    }

    public string Target { get; }
    public string Command { get; }
    public string DeviceText { get; }
}

/// <summary>The SSH connection failed, closed or stopped answering.</summary>
public class EwcConnectionException : IOException
{
    public EwcConnectionException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>The controller's host key is unknown (and not to be trusted on first use) or has changed.</summary>
public sealed class EwcHostKeyException : EwcConnectionException
{
    public EwcHostKeyException(string message, string fingerprint, bool changed) : base(message)
    {
        Fingerprint = fingerprint;
        Changed = changed;
    }

    /// <summary>The fingerprint the server presented (SHA256:…).</summary>
    public string Fingerprint { get; }
    public bool Changed { get; }
}

/// <summary>The controller did not answer a command in time.</summary>
public sealed class EwcTimeoutException : TimeoutException
{
    public EwcTimeoutException(string message) : base(message) { }
}

/// <summary>The controller refused the login (password or key).</summary>
public sealed class EwcAuthenticationException : EwcConnectionException
{
    public EwcAuthenticationException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A private key file that cannot be read or is not a key.</summary>
public sealed class EwcKeyFileException : ArgumentException
{
    public EwcKeyFileException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>No login for a controller: its credential is not available.</summary>
public sealed class EwcCredentialMissingException : ArgumentException
{
    public EwcCredentialMissingException(string message) : base(message) { }
}

/// <summary>The module refuses to send a command (a line break in it, a mode change it cannot undo).</summary>
public sealed class EwcCommandRefusedException : ArgumentException
{
    public EwcCommandRefusedException(string message) : base(message) { }
}

/// <summary>A session closed by Disconnect-Ewc was used again.</summary>
public sealed class EwcSessionClosedException : InvalidOperationException
{
    public EwcSessionClosedException(int id, string controller, string endpoint)
        : base($"The session {id} to {controller} ({endpoint}) was closed (Disconnect-Ewc) and cannot be used again. " +
               "Open a new one with Connect-Ewc, or pass the controller (-Controller, -HostName) instead of the session: a new session is opened on demand.")
    {
        SessionId = id;
    }

    public int SessionId { get; }
}
