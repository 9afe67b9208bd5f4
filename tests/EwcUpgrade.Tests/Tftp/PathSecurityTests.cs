using EwcUpgrade.Tftp;

namespace EwcUpgrade.Tests.Tftp;

/// <summary>Nothing outside the root is ever served.</summary>
public sealed class PathSecurityTests : IDisposable
{
    private readonly TftpTestServer _tftp = new();
    private readonly string _outside;

    public PathSecurityTests()
    {
        _tftp.AddFile("17.9.4.27/ap1g7", 1000);
        _outside = Path.Combine(Path.GetDirectoryName(_tftp.Root)!, "outside-" + Guid.NewGuid().ToString("N")[..8] + ".txt");
        File.WriteAllText(_outside, "secret");
    }

    private TftpException Refused(string name) => Assert.Throws<TftpException>(() => _tftp.Fetch(name));

    [Theory]
    [InlineData("../x")]
    [InlineData("17.9.4.27/../../x")]
    [InlineData("..\\..\\x")]
    [InlineData("/17.9.4.27/..\\..\\x")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("CON")]
    [InlineData("17.9.4.27/nul.txt")]
    [InlineData("LPT1.bin")]
    [InlineData("a\u0001b")]
    [InlineData("17.9.4.27")]   // a folder
    public void Names_that_could_leave_the_root_are_an_access_violation(string name)
    {
        Assert.Equal(TftpErrorCode.AccessViolation, Refused(name).ErrorCode);
    }

    [Fact]
    public void The_parent_escape_is_refused_even_where_the_target_exists()
    {
        var name = "../" + Path.GetFileName(_outside);
        Assert.Equal(TftpErrorCode.AccessViolation, Refused(name).ErrorCode);
    }

    [Fact]
    public void A_symlink_that_leaves_the_root_is_refused_and_one_inside_is_served()
    {
        File.CreateSymbolicLink(Path.Combine(_tftp.Root, "escape"), _outside);
        File.CreateSymbolicLink(Path.Combine(_tftp.Root, "latest"), Path.Combine(_tftp.Root, "17.9.4.27", "ap1g7"));
        Assert.Equal(TftpErrorCode.AccessViolation, Refused("escape").ErrorCode);
        Assert.Equal(1000, _tftp.Fetch("latest").Bytes.Length);
    }

    [Fact]
    public void Absolute_paths_are_root_relative_like_tftpd_hpa_secure_mode()
    {
        Assert.Equal(1000, _tftp.Fetch("/17.9.4.27/ap1g7").Bytes.Length);
        Assert.Equal(1000, _tftp.Fetch("\\17.9.4.27\\ap1g7").Bytes.Length);
        Assert.Equal(TftpErrorCode.FileNotFound, Refused(_outside).ErrorCode); // looked up under the root
    }

    [Fact]
    public void A_missing_file_is_file_not_found_and_a_failed_transfer()
    {
        Assert.Equal(TftpErrorCode.FileNotFound, Refused("17.9.4.27/ap1g6").ErrorCode);
        var failed = _tftp.WaitEnded();
        Assert.Equal(TftpTransferState.Failed, failed.State);
        Assert.Equal("File not found", failed.Error);
    }

    public void Dispose()
    {
        _tftp.Dispose();
        File.Delete(_outside);
    }
}
