using System;

namespace EwcUpgrade.Cli;

/// <summary>An interactive byte stream to a device (an SSH shell channel with a pty).</summary>
internal interface ICliTransport : IDisposable
{
    void Write(string text);
    /// <summary>All text received since the last call; empty when nothing arrived.</summary>
    string ReadAvailable();
    /// <summary>Blocks until data arrives, the channel closes or the wait ends.</summary>
    void WaitForData(TimeSpan wait);
    bool IsClosed { get; }
}
