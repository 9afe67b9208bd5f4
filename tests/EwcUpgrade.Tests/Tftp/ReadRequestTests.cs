using System.Net;
using System.Text;
using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>RFC 1350 reads over real UDP on loopback: octet, netascii, no-option clients, refused writes.</summary>
public sealed class ReadRequestTests : IDisposable
{
    private readonly TftpTestServer _tftp = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(511)]
    [InlineData(512)]      // a multiple of the block size ends with an empty block
    [InlineData(1024)]
    [InlineData(300001)]
    public void Octet_reads_arrive_intact_whatever_the_length(int length)
    {
        var hash = _tftp.AddFile("f.bin", length);
        var (bytes, result) = _tftp.Fetch("f.bin");
        Assert.Equal(length, bytes.Length);
        Assert.Equal(hash, TftpTestServer.Hash(bytes));
        Assert.Equal(length, result.AnnouncedSize);
    }

    [Fact]
    public void A_client_that_sends_no_options_gets_plain_RFC_1350_data_block_1_without_an_OACK()
    {
        _tftp.AddFile("plain.bin", 1000);
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(1, "plain.bin");
        var first = raw.Receive()!;
        Assert.Equal(3, RawTftp.Opcode(first));
        Assert.Equal(1, RawTftp.Block(first));
        Assert.Equal(4 + 512, first.Length);
        Assert.NotEqual(_tftp.EndPoint.Port, raw.Peer!.Port); // a new TID for the transfer
    }

    [Fact]
    public void Netascii_turns_LF_into_CRLF_and_a_bare_CR_into_CR_NUL()
    {
        File.WriteAllBytes(Path.Combine(_tftp.Root, "readme.txt"), Encoding.ASCII.GetBytes("a\nb\rc"));
        var client = _tftp.Client();
        client.Mode = "netascii";
        using var memory = new MemoryStream();
        var result = client.Download("readme.txt", memory);
        Assert.Equal(Encoding.ASCII.GetBytes("a\r\nb\r\0c"), memory.ToArray());
        Assert.Equal(7, result.AnnouncedSize);
    }

    [Fact]
    public void A_write_request_is_refused_because_the_server_is_read_only()
    {
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(2, "upload.bin");
        var reply = raw.Receive()!;
        Assert.Equal(5, RawTftp.Opcode(reply));
        Assert.Equal((ushort)TftpErrorCode.AccessViolation, RawTftp.Block(reply));
        Assert.Contains("read-only", RawTftp.ErrorText(reply));
        Assert.False(File.Exists(Path.Combine(_tftp.Root, "upload.bin")));
        Assert.Contains(_tftp.Log, l => l.StartsWith("WRQ from 127.0.0.1 filename upload.bin refused"));
    }

    [Fact]
    public void An_unsupported_mode_gets_illegal_operation()
    {
        _tftp.AddFile("f.bin", 10);
        using var raw = new RawTftp(_tftp.EndPoint);
        raw.SendRequest(1, "f.bin", "mail");
        var reply = raw.Receive()!;
        Assert.Equal(5, RawTftp.Opcode(reply));
        Assert.Equal((ushort)TftpErrorCode.IllegalOperation, RawTftp.Block(reply));
    }

    [Fact]
    public void Each_request_is_logged_like_tftpd_hpa_and_its_outcome_follows()
    {
        _tftp.AddFile("17.9.4.27/ap1g8", 5000);
        _tftp.Fetch("/17.9.4.27/ap1g8", blockSize: 1428);
        _tftp.WaitEnded();
        Assert.Contains("RRQ from 127.0.0.1 filename /17.9.4.27/ap1g8", _tftp.Log);
        Assert.Contains(_tftp.Log, l => l.StartsWith("sent /17.9.4.27/ap1g8 to 127.0.0.1:") && l.Contains("5000 bytes") && l.Contains("blksize 1428"));
    }

    public void Dispose() => _tftp.Dispose();
}
