using System.Text.Encodings.Web;
using System.Text.Json;

namespace EwcUpgrade.Simulator;

/// <summary>What clients need to reach the lab, written as JSON when it is ready.</summary>
/// <summary>SshdPid: the first of the listening sshds (SshdPids: all of them, one per 16 controllers).</summary>
internal sealed record LabEndpoints(string Lab, int Pid, int SshdPid, IReadOnlyList<int> SshdPids, string StateDirectory, IReadOnlyList<ControllerEndpoint> Controllers)
{
    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // fingerprints keep their "+" as ssh-keygen prints them
    };

    /// <summary>Temp file and rename: a reader that sees the file sees all of it.</summary>
    public void Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, s_json));
        File.Move(temp, path, overwrite: true);
    }
}

internal sealed record ControllerEndpoint(string Name, string Host, int Port, string HostKeyFingerprint, IReadOnlyList<string> Users);
