namespace EwcUpgrade.Tests.Tftp;

/// <summary>Block numbers wrap past 65535 to 0, so a 300 MB image transfers at blksize 512.</summary>
public sealed class RolloverTests : IDisposable
{
    private readonly TftpTestServer _tftp = new();
    private const long PastTheWrap = 65536L * 512 + 777; // 65538 blocks: the counter wraps once

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    public void A_file_longer_than_65535_blocks_arrives_intact(int windowSize)
    {
        var hash = _tftp.AddFile("ap1g6a", PastTheWrap);
        var (bytes, _) = _tftp.Fetch("ap1g6a", blockSize: 512, windowSize: windowSize);
        Assert.Equal(PastTheWrap, bytes.LongLength);
        Assert.Equal(hash, TftpTestServer.Hash(bytes));
        var transfer = _tftp.WaitEnded();
        Assert.Equal(PastTheWrap, transfer.BytesTransferred);
    }

    public void Dispose() => _tftp.Dispose();
}
