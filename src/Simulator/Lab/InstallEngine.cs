using EwcUpgrade.Simulator.Cli;

namespace EwcUpgrade.Simulator.Lab;

/// <summary>
/// The simulated install engine (reference §6): `install add profile default` fetches the
/// controller image, then one image per AP image type in the network, from the profile's server
/// with real transfers, in the background as the device does; APs then predownload. `install
/// activate` reloads (sessions drop, the controller is unreachable) and swaps the images; `install
/// commit` keeps them; without it the auto-abort timer rolls back. One operation at a time.
/// </summary>
public sealed class InstallEngine(SimulatedController controller)
{
    private readonly object _gate = new();
    private bool _busy;
    private CancellationTokenSource? _autoAbort;
    /// <summary>The APs whose images the last activation swapped: the ones a rollback swaps back.</summary>
    private List<string> _swapped = new();

    private SimulatedController C => controller;
    private InstallDefinition Options => controller.Definition.Install;

    /// <summary>Starts install add; returns what the console prints (the work goes on in the background).</summary>
    public IReadOnlyList<string> Add()
    {
        const string op = "install_add";
        var source = C.ReadProfile(p => ImageSource.From(p, Options, C.Clock));
        if (source == null) return [DeviceText.InstallFailure(op, DeviceText.ProfileIncomplete)];
        if (!TryBegin()) return [DeviceText.InstallFailure(op, DeviceText.OperationInProgress)];
        new Thread(() => RunAdd(source)) { IsBackground = true, Name = "install-add " + C.Hostname }.Start();
        return
        [
            DeviceText.InstallStartLine(op),
            // [U] what the EWC prints when the download goes on in the background.
            DeviceText.InstallStep(op, $"Downloading the controller image and the AP images from {source.Url("")}"),
            DeviceText.InstallStep(op, "Download continues in the background: see show ap image, show install summary and show logging"),
        ];
    }

    private bool TryBegin()
    {
        lock (_gate)
        {
            if (_busy) return false;
            _busy = true;
            return true;
        }
    }

    private void End()
    {
        lock (_gate) _busy = false;
    }

    private void RunAdd(ImageSource source)
    {
        var work = Directory.CreateTempSubdirectory("ewc-lab-install-").FullName;
        try
        {
            Download(source, work);
        }
        catch (Exception e)
        {
            // A fault of the lab (curl missing, a full disk) must not end the lab process nor leave
            // APs Initiated for ever: the lab says why on its own stderr (never the device's log:
            // the message is the lab's, not the device's) and the APs still pending fail.
            Console.Error.WriteLine($"lab: install add on {C.Hostname} stopped: {e.GetType().Name}: {e.Message}");
            foreach (var ap in C.Aps().Where(a => a.Status is Predownload.Initiated or Predownload.Predownloading))
            {
                Predownload.Fail(C, ap, ap.Method);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a transfer that was cut: the temporary folder stays behind.
            }
            End();
        }
    }

    private void Download(ImageSource source, string work)
    {
        var aps = C.Aps();
        var method = Options.DirectFetch ? source.Method : Predownload.Capwap;
        foreach (var ap in aps)
        {
            C.ChangeAp(ap.Name, a => a.ImageType == null
                ? a with { Status = Predownload.NotSupported }
                : a with { Status = Predownload.Initiated, Version = "0.0.0.0", NextRetry = "N/A", Method = method });
        }
        var needed = aps.Where(a => a.ImageType != null).ToList();

        // The controller image first ([seed] the EWC asks for it before the AP images).
        var controllerImage = FetchLogged(source, ApImageTypes.ControllerImage, work, null, out _);
        if (controllerImage == null)
        {
            foreach (var ap in needed) Predownload.Fail(C, ap, method);
            return;
        }
        File.Delete(controllerImage);
        var controllerVersion = ReadControllerVersion(source, work);

        var predownloads = new List<Thread>();
        string? apVersion = null;
        if (Options.DirectFetch)
        {
            // Lab option: every AP fetches its own image from the server at once (load on the server).
            foreach (var ap in needed)
            {
                var t = new Thread(() => Guarded(ap, method, () =>
                {
                    var file = Path.Combine(work, ap.Name.Replace('/', '_') + "." + ap.ImageType);
                    C.ApLog(ap.Name, DeviceText.ApImageDataState);
                    C.ApLog(ap.Name, DeviceText.ApOpenFile(ap.ImageType!));
                    C.ChangeAp(ap.Name, a => a with { Status = Predownload.Predownloading });
                    var got = Fetch(source, ap.ImageType!, file, out var version, ap.ImageType);
                    if (got.Ok)
                    {
                        Predownload.Finish(C, ap.Name, version ?? "0.0.0.0", method);
                        lock (predownloads) apVersion ??= version;
                    }
                    else
                    {
                        Predownload.Fail(C, ap, method);
                    }
                    if (got.LocalFile != null) File.Delete(got.LocalFile);
                })) { IsBackground = true, Name = "direct-fetch " + ap.Name };
                predownloads.Add(t);
                t.Start();
            }
        }
        else
        {
            foreach (var group in needed.GroupBy(a => a.ImageType!))
            {
                var image = FetchLogged(source, group.Key, work, group.Key, out var version);
                if (image == null)
                {
                    // Only the APs that need this image fail; the others go on.
                    foreach (var ap in group) Predownload.Fail(C, ap, method);
                    continue;
                }
                var size = new FileInfo(image).Length;
                File.Delete(image);
                apVersion ??= version;
                foreach (var ap in group)
                {
                    var current = C.Aps().First(a => a.Name == ap.Name);
                    var t = new Thread(() => Guarded(current, method, () => Predownload.OverCapwap(C, current, version ?? "0.0.0.0", size, CancellationToken.None)))
                        { IsBackground = true, Name = "capwap " + ap.Name };
                    predownloads.Add(t);
                    t.Start();
                }
            }
        }
        foreach (var t in predownloads) t.Join();
        var release = ReleaseOf(controllerVersion ?? apVersion ?? "0.0.0");
        C.ChangeInstall(s => s with { AddedRelease = release, AddedVersion = controllerVersion ?? apVersion ?? "0.0.0.0" });
    }

    /// <summary>
    /// One AP's predownload on a thread of its own: a fault of the lab there (curl that cannot be
    /// started, a full disk) would otherwise end the whole lab process, as RunAdd's catch prevents
    /// for the controller's own work; the AP fails instead and the lab says why on its stderr.
    /// </summary>
    private void Guarded(ApStatus ap, string method, Action predownload)
    {
        try
        {
            predownload();
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"lab: predownload of {ap.Name} on {C.Hostname} stopped: {e.GetType().Name}: {e.Message}");
            try
            {
                Predownload.Fail(C, ap, method);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                // Its console log cannot be written either: the status alone shows the failure.
                C.ChangeAp(ap.Name, a => a with { Status = Predownload.Failed, Retry = a.Retry + 1, Method = method });
            }
        }
    }

    /// <summary>Fetches one file with the device's syslog lines around it; the local file, or null after a failure.</summary>
    private string? FetchLogged(ImageSource source, string file, string work, string? imageType, out string? version)
    {
        var url = source.Url(file);
        C.Log(DeviceText.InstallStart(url));
        var got = Fetch(source, file, Path.Combine(work, file), out version, imageType);
        if (!got.Ok)
        {
            C.Log(DeviceText.InstallFailed(url, got.Failure!));
            return null;
        }
        C.Log(DeviceText.InstallCompleted(url));
        return got.LocalFile;
    }

    /// <summary>One real transfer; an AP image (imageType given) is then checked, and a bad one fails as the device's check would.</summary>
    private FetchResult Fetch(ImageSource source, string file, string localFile, out string? version, string? imageType)
    {
        version = null;
        var got = source.Fetch(file, localFile, CancellationToken.None);
        if (!got.Ok || imageType == null) return got;
        if (ImageCheck.Problem(got.LocalFile!, imageType, out version) != null)
        {
            File.Delete(got.LocalFile!);
            return FetchResult.Failed(DeviceText.BadImage);
        }
        return got;
    }

    /// <summary>
    /// Lab-only: the version of the new controller package. A real EWC reads it from the image; the
    /// lab's generated images carry none, so the bundle's controller_version.info is read (no log
    /// line: the device makes no such request). Null when the server has no such file.
    /// </summary>
    private string? ReadControllerVersion(ImageSource source, string work)
    {
        var got = source.Fetch(ApImageTypes.ControllerVersionFile, Path.Combine(work, ApImageTypes.ControllerVersionFile), CancellationToken.None);
        if (!got.Ok) return null;
        var text = File.ReadAllText(got.LocalFile!).Trim().Split('\n')[0].Trim();
        return text.Length is > 0 and < 40 && !text.Contains(' ') ? text : null;
    }

    /// <summary>17.09.04a.0.6 → 17.9.4a; 17.9.4.27 → 17.9.4: the release show version names.</summary>
    public static string ReleaseOf(string version) =>
        string.Join('.', version.Split('.').Take(3).Select(p => p.Length > 1 && p[0] == '0' ? p[1..] : p));

    // ---- activate, commit, auto-abort ----

    /// <summary>Null when an added package waits for activation; else the console's failure line.</summary>
    public string? CannotActivate()
    {
        lock (_gate)
        {
            if (_busy) return DeviceText.InstallFailure("install_activate", DeviceText.OperationInProgress);
        }
        return C.InstallState().AddedVersion == null ? DeviceText.InstallFailure("install_activate", DeviceText.NothingToActivate) : null;
    }

    /// <summary>After the [y/n]: reloads in the background; the caller's session drops with the others.</summary>
    public IReadOnlyList<string> Activate()
    {
        const string op = "install_activate";
        if (CannotActivate() is { } refused) return [refused];
        if (!TryBegin()) return [DeviceText.InstallFailure(op, DeviceText.OperationInProgress)];
        var state = C.InstallState();
        C.Log(DeviceText.ActivateStarted(state.AddedVersion!));
        new Thread(() => Reload(() => SwapIn(state))) { IsBackground = true, Name = "install-activate " + C.Hostname }.Start();
        return [DeviceText.InstallStartLine(op), DeviceText.InstallStep(op, $"Activating PACKAGE {state.AddedVersion}"), DeviceText.InstallStep(op, "Reloading the system")];
    }

    /// <summary>Sessions drop, the controller is away for the reload time, then comes back changed.</summary>
    private void Reload(Action whileDown)
    {
        try
        {
            Thread.Sleep(300); // the console's last lines reach the user before the connection dies
            C.BeginReload();
            C.Clock.Wait(TimeSpan.FromSeconds(Options.ReloadSeconds), CancellationToken.None);
            whileDown();
        }
        finally
        {
            C.EndReload();
            End();
        }
    }

    private void SwapIn(InstallStatus before)
    {
        var swapped = new List<string>();
        foreach (var ap in C.Aps().Where(a => a.Status == Predownload.Complete))
        {
            C.ChangeAp(ap.Name, Swap);
            swapped.Add(ap.Name);
        }
        _swapped = swapped;
        var abort = new CancellationTokenSource();
        var deadline = DateTime.UtcNow + C.Clock.RealSeconds(Options.AutoAbortSeconds);
        C.ChangeInstall(s => s with
        {
            Release = before.AddedRelease!, ControllerVersion = before.AddedVersion!, AddedRelease = null, AddedVersion = null,
            Uncommitted = true, RollbackRelease = s.Release, RollbackVersion = s.ControllerVersion, AutoAbortUtc = deadline,
        });
        C.Log(DeviceText.ActivateCompleted(before.AddedVersion!));
        lock (_gate)
        {
            _autoAbort?.Cancel();
            _autoAbort = abort;
        }
        new Thread(() => AutoAbort(abort.Token)) { IsBackground = true, Name = "auto-abort " + C.Hostname }.Start();
    }

    /// <summary>
    /// After activation the APs run the predownloaded image and keep the old one as backup.
    /// [U] their predownload columns after the reload: shown cleared, as for an AP with nothing pending.
    /// </summary>
    private static ApStatus Swap(ApStatus a) =>
        a with { Primary = a.Backup, Backup = a.Primary, Status = "None", Version = "0.0.0.0", Retry = 0, NextRetry = "N/A", Method = "N/A" };

    public IReadOnlyList<string> Commit()
    {
        const string op = "install_commit";
        var state = C.InstallState();
        if (!state.Uncommitted) return [DeviceText.InstallFailure(op, DeviceText.NothingToCommit)];
        lock (_gate)
        {
            _autoAbort?.Cancel();
            _autoAbort = null;
        }
        C.ChangeInstall(s => s with { Uncommitted = false, RollbackRelease = null, RollbackVersion = null, AutoAbortUtc = null });
        C.Log(DeviceText.CommitCompleted(state.ControllerVersion));
        return [DeviceText.InstallStartLine(op), DeviceText.InstallStep(op, $"Committing PACKAGE {state.ControllerVersion}"), DeviceText.InstallSuccess(op)];
    }

    private void AutoAbort(CancellationToken cancel)
    {
        if (!C.Clock.Wait(TimeSpan.FromSeconds(Options.AutoAbortSeconds), cancel)) return;
        if (!TryBegin()) return; // [U] an operation in progress when the timer fires: the lab keeps the package
        lock (_gate)
        {
            if (cancel.IsCancellationRequested)
            {
                _busy = false;
                return;
            }
        }
        C.Log(DeviceText.AutoAbortExpired);
        Reload(() =>
        {
            var swapped = _swapped;
            foreach (var name in swapped) C.ChangeAp(name, a => a with { Primary = a.Backup, Backup = a.Primary });
            var aborted = C.InstallState();
            C.ChangeInstall(s => s with
            {
                Release = s.RollbackRelease ?? s.Release, ControllerVersion = s.RollbackVersion ?? s.ControllerVersion,
                AddedRelease = s.Release, AddedVersion = s.ControllerVersion,
                Uncommitted = false, RollbackRelease = null, RollbackVersion = null, AutoAbortUtc = null,
            });
            C.Log(DeviceText.AbortCompleted(aborted.ControllerVersion));
        });
    }
}
