using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>What the server puts in its OACK over the wire, and that the transfer then follows it.</summary>
public sealed class OptionAckTests : IDisposable
{
    private readonly TftpTestServer _tftp = new(o => o.MaxBlockSize = 8192);

    [Fact]
    public void OACK_carries_blksize_tsize_timeout_and_windowsize_and_ignores_unknown_options()
    {
        _tftp.AddFile("img", 100000);
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(1, "img", "octet", "blksize", "1428", "tsize", "0", "timeout", "2", "windowsize", "4", "x-vendor", "1");
        var oack = raw.Receive()!;
        Assert.Equal(6, RawTftp.Opcode(oack));
        Assert.Equal(new Dictionary<string, string> { ["blksize"] = "1428", ["tsize"] = "100000", ["timeout"] = "2", ["windowsize"] = "4" }, RawTftp.OackOptions(oack));

        raw.Ack(0);
        var window = Enumerable.Range(0, 4).Select(_ => raw.Receive()!).ToList();
        Assert.Equal(new ushort[] { 1, 2, 3, 4 }, window.Select(RawTftp.Block));
        Assert.All(window, p => Assert.Equal(4 + 1428, p.Length));
        // The window is full: until an ACK only timeouts send, resends of the window and tail-loss
        // probes of one new block each, never more than a window beyond the acknowledged block.
        Assert.All(raw.Drain(quietMs: 150), p => Assert.InRange(RawTftp.Block(p), 1, 8));
    }

    [Fact]
    public void Block_size_above_the_cap_is_lowered_to_it()
    {
        var hash = _tftp.AddFile("big", 200000);
        var (bytes, result) = _tftp.Fetch("big", blockSize: 65464);
        Assert.Equal(8192, result.BlockSize);
        Assert.Equal(hash, TftpTestServer.Hash(bytes));
    }

    [Fact]
    public void The_tsize_probe_reads_the_size_without_the_file()
    {
        _tftp.AddFile("17.9.4.27/ap3g3", 591564);
        Assert.Equal(591564, _tftp.Client().GetSize("/17.9.4.27/ap3g3"));
        var probe = _tftp.WaitEnded();
        Assert.Equal(0, probe.BytesTransferred);
    }

    public void Dispose() => _tftp.Dispose();
}
