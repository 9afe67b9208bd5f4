# The text of the module's help, one entry per cmdlet. scripts/New-HelpFile.ps1 joins it with the
# cmdlets' real parameter metadata (sets, types, pipeline input, positions) into
# module/en-US/EwcUpgrade.dll-Help.xml, so syntax and parameters cannot drift from the code.
@{
    'Get-ApImageType' = @{
        Synopsis    = 'Shows the AP model to image type table, or the image type each given AP model needs.'
        Description = 'An Embedded Wireless Controller can give joining APs only its own image type; every other type must come from a TFTP or SFTP server. This cmdlet answers which image file (ap1g4 ... ap3g3) an AP model needs, from the one table the module uses (shipped as data, each entry with its source). Models are matched by prefix of the AP Model column of "show ap summary" (C9120AXI-E, AIR-AP2802I-E-K9); a model that matches nothing is reported with IsKnown = $false, never guessed.'
        Parameters  = @{
            Model = 'AP models as "show ap summary" prints them. Accepts pipeline input by value and by the property names Model or ApModel.'
            Name  = 'Image type names to list (wildcards allowed). Without it, the whole table.'
        }
        Examples    = @(
            @{ Title = 'List the table'; Code = 'Get-ApImageType'; Remarks = 'One row per image type with the model prefixes it covers and what they are; each entry''s Source property says what it rests on.' }
            @{ Title = 'Which images does my network need?'; Code = "'C9120AXI-E', 'C9105AXI-E', 'AIR-AP2802I-E-K9' | Get-ApImageType"; Remarks = 'Returns ap1g7, ap1g8 and ap3g3, and whether each model can run the EWC.' }
        )
        Outputs     = 'EwcUpgrade.Bundles.ApImageType', 'EwcUpgrade.Bundles.ApModelMatch'
    }
    'New-ApSampleBundle' = @{
        Synopsis    = 'Writes a generated AP bundle with the real file set, for rehearsals, labs and demos.'
        Description = 'Creates a zip (when -Path ends in .zip) or a folder with one image per AP image type, C9800-AP-iosxe-wlc.bin, version.info, controller_version.info and readme.txt, exactly as a Cisco bundle is laid out. The images are generated tar archives (not Cisco software) with deterministic content. -Size Realistic gives the real sizes (about 780 MB in all); Small, the default, about a hundredth of them.'
        Parameters  = @{
            Path              = 'The zip file or folder to create.'
            Release           = 'The release name, e.g. 17.9.4a (used in readme.txt).'
            ApVersion         = 'The AP image version written to version.info, e.g. 17.9.4.27.'
            ControllerVersion = 'The controller package version written to controller_version.info, e.g. 17.09.04a.0.6.'
            Size              = 'Small (default) or Realistic image sizes.'
            ImageType         = 'Only these image types (default: every type in the table).'
            Force             = 'Overwrite an existing zip, or an existing folder that holds a bundle.'
        }
        Examples    = @(
            @{ Title = 'A bundle zip for a demo'; Code = 'New-ApSampleBundle -Path ./C9800-AP-universalk9.17.9.4a.zip'; Remarks = 'Writes a small bundle for release 17.9.4a in seconds and shows its release, AP version (17.9.4.27, the folder Import-ApBundle will create), image count, size and path.' }
            @{ Title = 'Create and import in one pipeline'; Code = 'New-ApSampleBundle ./C9800-AP-universalk9.17.9.4a.zip | Import-ApBundle -Destination ./images'; Remarks = 'Path binds to Import-ApBundle -Path: the images land in ./images/17.9.4.27/.' }
            @{ Title = 'Only the images a lab needs, at real size'; Code = 'New-ApSampleBundle -Path ./lab-bundle -ImageType ap1g7, ap1g8 -Size Realistic'; Remarks = 'A folder with two real-sized images plus the controller image and version files.' }
        )
        Outputs     = 'EwcUpgrade.Bundles.SampleBundle'
    }
    'Import-ApBundle' = @{
        Synopsis    = 'Unpacks an AP bundle zip or folder into <image root>/<version>/, ready to be served.'
        Description = 'Reads the bundle''s version.info and unpacks it into a folder named by that version under the image root, e.g. ./images/17.9.4.27/. Point the EWC''s tftp-image-path (or sftp-image-path) at that folder, relative to the server''s root: /17.9.4.27. Every zip entry is checked before anything is written: one that would land outside the destination refuses the whole zip (error InvalidApBundle). Each entry''s CRC-32 and length are checked against the zip''s directory as it is unpacked: a damaged entry refuses the bundle, naming the entry (error ApBundleDamaged). An existing version folder is kept unless -Force (error ApBundleExists); with -Force the new files are unpacked beside it and replace it only when complete, so a failed or stopped import never leaves a half bundle, and the image root is left as it was.'
        Parameters  = @{
            Path        = 'The bundle zip (e.g. C9800-AP-universalk9.17.9.4a.zip) or an unpacked bundle folder. Accepts FullName from Get-ChildItem.'
            Destination = 'The image root: the folder the image server serves.'
            Force       = 'Replace an existing folder of the same version.'
        }
        Examples    = @(
            @{ Title = 'Import a bundle'; Code = 'Import-ApBundle -Path ./C9800-AP-universalk9.17.9.4a.zip -Destination ./images'; Remarks = 'Creates ./images/17.9.4.27/ and returns the bundle with its images.' }
            @{ Title = 'See what would happen'; Code = 'Import-ApBundle ./C9800-AP-universalk9.17.9.4a.zip ./images -WhatIf'; Remarks = 'Shows the version, the number of files and their size, and writes nothing.' }
        )
        Outputs     = 'EwcUpgrade.Bundles.ApBundle'
    }
    'Get-ApBundle' = @{
        Synopsis    = 'Reads AP bundle folders: version, controller version and images, with SHA-256 on request.'
        Description = 'Given a bundle folder (one with version.info) it returns that bundle; given an image root it returns every version folder under it. Each bundle lists its images (image type, file, size, and SHA-256 with -Hash) so you can compare what a server hosts with what a controller reports.'
        Parameters  = @{
            Path    = 'A bundle folder or an image root (default: the current folder).'
            Version = 'Only bundles whose version matches (wildcards allowed).'
            Hash    = 'Compute each image''s SHA-256 (reads every byte; shows progress).'
        }
        Examples    = @(
            @{ Title = 'What does the server host?'; Code = 'Get-ApBundle ./images'; Remarks = 'One row per version folder: version, controller version, number of images, size.' }
            @{ Title = 'Hashes of one release'; Code = '(Get-ApBundle ./images -Version 17.9.4.27 -Hash).Images'; Remarks = 'Image type, file, size and SHA-256 of each image.' }
        )
        Outputs     = 'EwcUpgrade.Bundles.ApBundle'
    }
    'Test-ApBundle' = @{
        Synopsis    = 'Checks that a bundle holds an image for every AP model or image type of a network.'
        Description = 'In a non-homogeneous network every AP image type must be on the server. Give the AP models (as "show ap summary" prints them) or image types; the result says whether the bundle is complete, which image types are missing and which models are unknown to the table. -Quiet returns only $true or $false.'
        Parameters  = @{
            Bundle = 'A bundle from Get-ApBundle or Import-ApBundle.'
            Path   = 'A bundle folder, instead of -Bundle.'
            Model  = 'AP models (C9120AXI-E) or image types (ap1g7).'
            Quiet  = 'Return $true when complete, $false otherwise.'
        }
        Examples    = @(
            @{ Title = 'Is the bundle complete for the site?'; Code = 'Get-ApBundle ./images/17.9.4.27 | Test-ApBundle -Model C9120AXI-E, C9105AXI-E, AIR-AP2802I-E-K9'; Remarks = 'Lists each model with its image type and whether the image is present.' }
            @{ Title = 'In a script'; Code = "if (-not (Test-ApBundle -Path ./images/17.9.4.27 -Model ap1g7, ap3g3 -Quiet)) { throw 'bundle incomplete' }"; Remarks = 'Stops a rollout before any controller is touched.' }
        )
        Outputs     = 'EwcUpgrade.Bundles.ApBundleCoverage', 'System.Boolean'
    }
    'Start-ImageServer' = @{
        Synopsis    = 'Starts an image server on an image root: the embedded read-only TFTP server, or OpenSSH''s sshd as a chrooted, read-only SFTP server.'
        Description = 'Serves the image root over TFTP (RFC 1350 with option negotiation, blksize, timeout, tsize and windowsize; block-number rollover; IPv4 and IPv6) to the EWC and its APs. The server runs in the background of the session until Stop-ImageServer; with -Wait it runs in the foreground showing a progress bar per transfer and the log until Ctrl+C, and stops when the pipeline is stopped: clients mid-transfer are sent "server shutting down", and a warning lists the transfers cut off (also in the log and in Get-ImageTransfer -State Failed). Refused requests (malformed, from a client not allowed, write requests) are logged at most 5 per client and kind every 10 s, then summed up in one "... N more ... refused" line, so a flood of junk cannot grow the log or the console. Write requests are refused; names that would leave the root (.., drive letters, device names, symbolic links pointing outside) get "Access violation". Port 69 needs administrator rights: in a lab use -Port 6969 and point the clients there. -WhatIf and -Confirm name the address and port it would listen on and the folder it would expose. Errors (non-terminating, so -ErrorAction applies): ImageRootNotFound, LogFolderNotFound, ImageServerStartFailed (e.g. the port is in use). With -Protocol Sftp it runs OpenSSH''s sshd from a generated config in a state folder of its own (nothing in /etc is touched), as the seed''s hand-made sshd_config does: internal-sftp forced and read-only, no forwarding, no tty, the login chrooted to the image root, transfers read from sftp-server''s verbose log through a syslog socket it makes at <root>/dev/log. The controller logs in with a user name and password, so the server makes a system account for -Credential (marked as the module''s, removed when the server stops, and removed at the next start if the server died); an account it did not make is never touched. This needs root, and OpenSSH''s rule for chroots: every folder from / down to the image root owned by root and writable by no one else (so not under /tmp; /srv/images is a good place). Without root it says what it cannot do; without sshd it says how to install it.'
        Parameters  = @{
            Root           = 'The folder to serve (the image root that Import-ApBundle filled). Not taken from piped objects'' properties: a folder''s Root property is its drive.'
            InputObject    = 'From the pipeline: a folder (Get-Item ./images) is served as that folder; a path string likewise. An AP bundle (Get-ApBundle) is served from its image root, the folder holding its version folder, so the controller''s tftp-image-path is /<version> as with -Root (a warning says so when the bundle folder is not named by its version). Files and other objects are refused (ImageRootNotFolder, ImageRootInputNotSupported); several different folders are refused (ImageRootAmbiguous): one server serves one root.'
            Protocol       = 'Tftp (the default) or Sftp (OpenSSH''s sshd; root only).'
            Credential     = 'Sftp: the login the controllers will use (sftp-username and sftp-password); a system account is made for it for the life of the server.'
            Address        = 'The local address to listen on; "::" (the default) listens on every IPv4 and IPv6 address. Replies always leave from the address a request arrived on.'
            Port           = 'The port: UDP 69 for TFTP, TCP 22 for SFTP by default. 0 picks a free port.'
            MaxSessions    = 'Concurrent transfers allowed; more get "Server busy". Default 512.'
            DataPortRange  = 'The ports transfers reply from, as MIN-MAX (e.g. 50000-50100), for firewalls. Default: any free port.'
            MaxBlockSize   = 'The largest blksize granted (8-65464), for clients or paths that mishandle large datagrams.'
            MaxWindowSize  = 'The largest windowsize granted. Default 64.'
            DisableOption  = 'Options to ignore (blksize, tsize, timeout, windowsize), for clients that mishandle them.'
            AllowedClient  = 'Networks allowed to fetch (CIDR or single addresses). Default: everyone.'
            TimeoutSeconds = 'How long a client is assumed to wait before it repeats itself when it negotiates no timeout, and the least assumed when it does. Default 5 (what tftp-hpa, atftp and BSD clients use). Retransmission itself follows the measured round trip.'
            MaxRetries     = 'A transfer fails after MaxRetries times the client''s timeout without any progress. Default 5.'
            LogPath        = 'Append the log (lines like tftpd-hpa''s "RRQ from 10.0.0.7 filename /17.9.4.27/ap1g7", then the outcome) to this file.'
            PassThru       = 'Return the server object.'
            Wait           = 'Run in the foreground with live progress until Ctrl+C.'
        }
        Examples    = @(
            @{ Title = 'Serve a site''s images'; Code = 'Start-ImageServer -Root ./images -PassThru'; Remarks = 'Listens on UDP 69 on every address. Set the EWC profile to tftp-image-server <this host> and tftp-image-path /17.9.4.27.' }
            @{ Title = 'Serve the bundles of an image root'; Code = 'Get-ApBundle ./images | Start-ImageServer -Port 6969 -PassThru'; Remarks = 'Serves ./images: the controller fetches /17.9.4.27/ap1g7. Bundles from different image roots are refused (ImageRootAmbiguous).' }
            @{ Title = 'A console left running during a rollout'; Code = 'Start-ImageServer -Root ./images -Port 6969 -LogPath ./tftp.log -Wait'; Remarks = 'Shows each AP or controller fetching an image, with rate and progress, until Ctrl+C.' }
            @{ Title = 'SFTP, as the seed configures it by hand'; Code = '$s = Start-ImageServer -Protocol Sftp -Root /srv/images -Port 2222 -Credential (Get-Credential calo) -PassThru; $s.HostKeyFingerprint'; Remarks = 'Point the controllers at sftp-image-path 17.9.4.27 with sftp-username calo; Test-ImageServer -Protocol Sftp checks it from here.' }
            @{ Title = 'Behind a firewall, for one management network'; Code = 'Start-ImageServer -Root ./images -DataPortRange 50000-50100 -AllowedClient 10.20.0.0/16'; Remarks = 'Only clients in 10.20.0.0/16 are served, and transfers use ports 50000-50100.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageServer'
    }
    'Stop-ImageServer' = @{
        Synopsis    = 'Stops image servers of this session: those given, or all of them.'
        Description = 'Stops the servers and ends their running transfers: each client mid-transfer is sent TFTP error 0 "server shutting down" so it gives up at once, the transfer fails with that error, and the server''s log and its AbortedTransfers property list what was cut off. Without parameters it stops every server of the session. A stopped server''s transfers stay visible to Get-ImageTransfer (the last 16 stopped servers, a thousand transfers each) until -ClearHistory or the end of the session. Error ImageServerNotFound for an id that matches no running server.'
        Parameters  = @{
            Id          = 'Ids of the servers to stop (Get-ImageServer shows them). Not taken from piped objects: processes and transfers have an Id of their own.'
            ServerId    = 'Binds from piped transfers (Get-ImageTransfer | Stop-ImageServer stops their servers).'
            ClearHistory = 'Then forget every stopped server and its transfers: Get-ImageTransfer starts empty.'
            InputObject = 'Server objects, e.g. from Start-ImageServer -PassThru.'
            PassThru    = 'Return the stopped servers.'
        }
        Examples    = @(
            @{ Title = 'Stop everything'; Code = 'Stop-ImageServer'; Remarks = 'Stops every image server of the session.' }
            @{ Title = 'Stop one'; Code = '$server | Stop-ImageServer -PassThru'; Remarks = 'Returns the server with its final counts.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageServer'
    }
    'Get-ImageServer' = @{
        Synopsis    = 'Shows the image servers running in this session.'
        Description = 'Each server with its id, protocol, endpoint, state, active, completed and failed transfers, bytes served and root. Its GetLog() method returns the recent log lines.'
        Parameters  = @{
            Id       = 'Only the servers with these ids. Not taken from piped objects: processes and transfers have an Id of their own.'
            ServerId = 'Binds from piped transfers: Get-ImageTransfer -State Failed | Get-ImageServer.'
            IncludeStopped = 'Also the last stopped servers (State Stopped, up to 16), whose transfers Get-ImageTransfer still shows.'
        }
        Examples    = @(
            @{ Title = 'List servers'; Code = 'Get-ImageServer'; Remarks = 'A table of the running servers.' }
            @{ Title = 'Recent log lines'; Code = '(Get-ImageServer -Id 1).GetLog()'; Remarks = 'The RRQ lines and outcomes kept in memory.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageServer'
    }
    'Get-ImageTransfer' = @{
        Synopsis    = 'Shows the live and recent transfers of this session''s image servers.'
        Description = 'One object per transfer: client, file, bytes acknowledged, total, percent, rate, state, negotiated options (blksize, windowsize, tsize, timeout), retransmissions and the error of a failed transfer. The last thousand ended transfers of each server are kept, also after the server stops (Ctrl+C, Stop-ImageServer), for the last 16 stopped servers, until Stop-ImageServer -ClearHistory. An object keeps reading through to its live transfer, so keeping one and reading it again shows current numbers.'
        Parameters  = @{
            ServerId    = 'Only transfers of these servers. Binds from a piped object''s ServerId property (a transfer''s), never from an Id.'
            InputObject = 'Server objects: Get-ImageServer -Id 1 | Get-ImageTransfer.'
            State    = 'Active, Completed, Failed or Declined (a size check: the client declined the transfer after the server''s option acknowledgement, as Test-ImageServer and the readiness check do). A TFTP transfer whose client closed its port after the last block without its final ACK arriving is Completed (RFC 1350 allows that ACK to be lost); the server log says so.'
            Client   = 'Only transfers of matching client addresses (wildcards allowed).'
            File     = 'Only transfers of matching file names (wildcards allowed).'
        }
        Examples    = @(
            @{ Title = 'Who is fetching what'; Code = 'Get-ImageTransfer -State Active'; Remarks = 'The transfers in progress with their rate and percentage.' }
            @{ Title = 'Why did an AP fail?'; Code = 'Get-ImageTransfer -State Failed | Format-List Client, File, Error'; Remarks = 'A wrong path shows "File not found"; a blocked client "Access violation"; a dead path "timed out".' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageTransfer'
    }
    'Receive-TftpFile' = @{
        Synopsis    = 'Fetches a file from a TFTP server the way an AP or controller does, and reports its size, SHA-256 and rate.'
        Description = 'Proves from the admin host that a server (the embedded one, tftpd64, tftpd-hpa, ...) serves the right bytes at the path the EWC profile names. Without -Destination the bytes are only hashed; with it they are saved (to a temporary file first, so an interrupted download never leaves a truncated image). Error TftpDownloadFailed, with category ObjectNotFound for a wrong path, PermissionDenied for an access violation and OperationTimeout when nothing answers (a blocked UDP 69, a wrong address); its target is the tftp://server:port/path fetched (IPv6 addresses in brackets). A -Destination whose folder does not exist is refused before any transfer (DestinationFolderNotFound); an existing file without -Force is DestinationExists.'
        Parameters  = @{
            Server         = 'The TFTP server''s address or name.'
            Path           = 'The file''s name on the server, e.g. /17.9.4.27/ap1g7.'
            InputObject    = 'Remote names from the pipeline: strings, a bundle''s images (Get-ApBundle).Images, fetched as /<version folder>/<file> relative to the image root, transfers from Get-ImageTransfer (their File) or earlier results. Local files are refused (RemotePathUnknown): a local path is not the name a device asks for.'
            Destination    = 'Save the file here (a file, or a folder to save it under its own name).'
            Port           = 'The server''s port (default 69).'
            BlockSize      = 'The blksize to ask for (default 1428, which fits an Ethernet MTU).'
            WindowSize     = 'The windowsize to ask for (default 1: lock-step, as most devices do).'
            TimeoutSeconds = 'Seconds to wait before retransmitting. Default 1.'
            MaxRetries     = 'Retransmissions before giving up. Default 5.'
            Force          = 'Overwrite an existing destination file.'
        }
        Examples    = @(
            @{ Title = 'Check the path the EWC will use'; Code = 'Receive-TftpFile -Server 10.0.0.5 -Path /17.9.4.27/ap1g7'; Remarks = 'Returns the size and SHA-256; compare with (Get-ApBundle ./images -Hash).Images.' }
            @{ Title = 'Check every image of a bundle'; Code = '(Get-ApBundle ./images/17.9.4.27 -Hash).Images | Receive-TftpFile 127.0.0.1 -Port 6969 | Format-Table File, Bytes, Sha256'; Remarks = 'Fetches /17.9.4.27/<image> for each image; compare the hashes with the bundle''s.' }
            @{ Title = 'Save an image'; Code = 'Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g8 -Port 6969 -Destination ./ap1g8 -WindowSize 16'; Remarks = 'Downloads with windowsize 16 and saves the file.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageDownloadResult'
    }
    '(shared parameters)' = @{
        ProbeServer                   = 'The address this host reaches the image server by, when it is not the one in the controller''s profile (NAT, another interface). The path is always the profile''s.'
        ProbePort                     = 'The port to probe: for a TFTP server that does not listen on 69 as seen from here, or an SFTP server. Default: the profile''s sftp-port for SFTP, else 69 (TFTP) or 22 (SFTP).'
        ImageServerCredential         = 'SFTP: the login of the profile''s sftp-username, to check the server as the controller will (the profile''s password cannot be read back). Default: the credential of the inventory controller''s image server. Without one an SFTP server is not checked (reason ServerNotChecked). Never shown.'
        ImageServerHostKeyFingerprint = 'SFTP: accept only a server host key with one of these fingerprints (SHA256:... as Get-ImageServer or ssh-keygen -l print them). Without it the key must be in ~/.ssh/known_hosts; a key that is not is reason ServerNotChecked, and no password is sent.'
        ProbeTimeoutSeconds           = 'Seconds to wait for each answer of the image server (default 2); each request is repeated twice before the server counts as silent.'
        Session               = 'Sessions from Connect-Ewc (or Get-EwcSession). Accepts pipeline input by value and by the property name Session.'
        Controller            = 'Controllers from Import-EwcInventory. Accepts pipeline input, also after serialisation into Start-Job or Invoke-Command ($using:): the controller is rebuilt there and its credential resolved again by name (EWC_CREDENTIAL_<NAME>_* or SecretManagement in the job; one it cannot resolve is error CredentialMissing for that controller). An open session with the same login (user, password or key, enable secret) and the same host-key check (pins, known_hosts file, trust on first use) is reused; otherwise a new one is opened on demand, so a wrong password or another known_hosts file is always checked. -Verbose says which (Opened session N / Reusing session N).'
        HostName              = 'The controller''s address or name, for one-off use without an inventory. Accepts plain text by value (''10.0.0.5'' | Get-ApSummary -Credential $c) and the property HostName (or Host, Address) from the pipeline; any other object piped in is an error, never turned into a host name. Without -Credential or -KeyFile each host is error CredentialMissing (non-terminating).'
        Port                  = 'The controller''s SSH port (default 22).'
        Credential            = 'The SSH login: user name and password. With -KeyFile the password may be empty.'
        KeyFile               = 'A private key file (OpenSSH or PEM) to log in with.'
        HostKeyFingerprint    = 'Accept only a host key with one of these fingerprints: SHA256:<43 base64 characters> as ssh-keygen -l and Get-EwcHostKey print them, or MD5:xx:xx:...:xx. Anything else is refused when the command is bound (ParameterArgumentValidationError). Accepts the property Fingerprint from the pipeline: Get-EwcHostKey ... | Connect-Ewc -Credential $c pins the key just read.'
        KnownHostsFile        = 'The known_hosts file to check the host key against (default ~/.ssh/known_hosts, the file ssh uses).'
        TrustOnFirstUse       = 'Record an unknown host key in the known_hosts file instead of refusing it. A key that differs from the recorded one is always refused (error HostKeyChanged). In cmdlets with -WhatIf/-Confirm (Connect-Ewc, Invoke-EwcCommand, Set-EwcDownloadProfile) the key is read first without logging in; -WhatIf says which file would get which key and stops there, -Confirm asks, and only the key shown is recorded.'
        EnableCredential      = 'The enable secret (password only), for accounts that land in user EXEC mode (NAME>).'
        CommandTimeoutSeconds = 'Seconds to wait for each command''s answer (default 60). A device that does not answer in time is error DeviceTimeout and the session is reopened on next use.'
        ThrottleLimit         = 'How many controllers are worked on at once (default 8, 1 to 256). Connecting, reading and changing run on worker threads, one per controller; objects, progress (one bar per controller under an overall bar), warnings and errors are written from the pipeline thread as each controller finishes, so output comes in the order controllers finish. -WhatIf and -Confirm are asked on the pipeline thread, one controller at a time. A stop (Ctrl+C, a runbook''s stop, -TimeoutSeconds of ForEach-Object -Parallel) ends every controller''s work within about a second; a connection stopped mid-command is closed, which ends its configuration mode on the device, and the next command reconnects at the EXEC prompt.'
        TimeoutSeconds        = 'Seconds each controller''s whole work may take, connecting included (1 to 86400; none when not given). A controller past it is stopped (its connection closed) and reported as error ControllerDeadline (OperationTimeout); the other controllers go on. -CommandTimeoutSeconds still bounds each single command.'
    }
    'Import-EwcInventory' = @{
        Synopsis    = 'Reads a YAML inventory of sites, controllers, image servers and bundles, and emits its controllers.'
        Description = 'The inventory names everything a rollout touches (see examples/lab-inventory.yml): controllers (name, host, port, site, credential, hostKey, targetRelease, imageServer, keyFile, knownHosts), imageServers (name, protocol tftp|sftp, address, port, path, credential), bundles (name, version, path), sites and settings (knownHosts, trustOnFirstUse). Versions stay text: 17.10 is never read as 17.1. Every problem in the file - YAML syntax, unknown keys (with the nearest known key suggested), missing keys, bad types, duplicate names, a site or image server that is not defined - is reported at once, each as file:line:column, in one error InventoryInvalid. Secrets are never in the file: credential: names a login, resolved from -Credential, then from the environment variables EWC_CREDENTIAL_<NAME>_USERNAME and _PASSWORD, then from SecretManagement (Get-Secret) when it is installed. A name that resolves nowhere is a warning here and an error (CredentialMissing) when the controller is used. A controller''s ImageServer is the inventory''s image server (it shows as its name, as in the file); ImageServerAddress is its address.'
        Parameters  = @{
            Path        = 'The inventory file(s). Accepts pipeline input and FullName from Get-ChildItem.'
            Credential  = 'Logins by the names the inventory uses: @{ lab = (Get-Credential) }. Each value must be a PSCredential.'
            AsInventory = 'Emit the whole inventory (Controllers, ImageServers, Bundles, Sites) instead of its controllers.'
        }
        Examples    = @(
            @{ Title = 'The controllers of a site'; Code = 'Import-EwcInventory ./site-a.yml -Credential @{ lab = (Get-Credential ewcadmin) }'; Remarks = 'One object per controller, ready to pipe into Set-EwcDownloadProfile, Get-ApImageStatus and the others.' }
            @{ Title = 'Credentials from the environment (runbooks, CI)'; Code = '$env:EWC_CREDENTIAL_LAB_USERNAME = ''ewcadmin''; $env:EWC_CREDENTIAL_LAB_PASSWORD = $secret; Import-EwcInventory ./site-a.yml | Get-ApImageStatus'; Remarks = 'The credential named lab resolves from the two variables.' }
        )
        Outputs     = 'EwcUpgrade.Inventory.InventoryController', 'EwcUpgrade.Inventory.EwcInventory'
    }
    'Connect-Ewc' = @{
        Synopsis    = 'Opens an SSH session to a controller, with its host key checked.'
        Description = 'Logs in with a password or a key, checks the host key (pinned fingerprints, else the known_hosts file, optionally trusting it on first use; never silently), enters privileged EXEC mode (with -EnableCredential when the account lands in user EXEC mode) and turns paging off (terminal length 0). An open session with the same login (user and password or key) and the same host-key check (pins, known_hosts file, trust on first use) is returned instead of a second one; any difference opens a new session, so a wrong password is always an error and another known_hosts file is always read. -Verbose says ''Opened session N'' or ''Reusing session N''. -WhatIf/-Confirm concern what Connect-Ewc writes: with -TrustOnFirstUse, the host key it would record (read by key exchange only; -WhatIf names the file and the key, writes nothing and does not log in). Without -TrustOnFirstUse, -WhatIf connects as usual (a login changes nothing). Sessions live in the process, so they are shared by every runspace of it (ForEach-Object -Parallel included) and reused by the other controller cmdlets. A dropped connection is reopened by the next command. Many controllers connect at once (-ThrottleLimit) and each session is written as it connects. Errors: ConnectionFailed (unreachable), AuthenticationFailed (the device refused the password or key: the password never appears), KeyFileUnreadable (the key file cannot be read or is not a key), HostKeyUnknown, HostKeyChanged, CredentialMissing (no -Credential or -KeyFile; non-terminating, per host), ControllerDeadline (-TimeoutSeconds).'
        Parameters  = @{}
        Examples    = @(
            @{ Title = 'Connect, pinning the host key'; Code = '$s = Connect-Ewc 10.0.1.1 -Credential (Get-Credential admin) -HostKeyFingerprint SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'; Remarks = 'Refuses any other key.' }
            @{ Title = 'Trust on first use'; Code = 'Connect-Ewc 10.0.1.1 -Credential $cred -TrustOnFirstUse'; Remarks = 'Records the key in ~/.ssh/known_hosts the first time; refuses it if it ever changes. Add -Confirm to see the key before it is recorded.' }
            @{ Title = 'Pin the key just read'; Code = 'Get-EwcHostKey 10.0.1.1 | Connect-Ewc -Credential $cred'; Remarks = 'Its host, port and fingerprint bind by property name: the session is opened only with that key.' }
        )
        Outputs     = 'EwcUpgrade.Controllers.EwcSession'
    }
    'Get-EwcSession' = @{
        Synopsis    = 'Lists the controller sessions open in this process.'
        Description = 'Each session shows its controller, host, port, user, the device name from its prompt, its state (Open, or Broken after a dropped connection: the next command reconnects), when it connected and how many commands it ran. An id that is not open is error SessionNotFound, as in Disconnect-Ewc.'
        Parameters  = @{
            Id       = 'Only these session ids (not taken from the pipeline: a process''s Id would bind).'
            HostName = 'Only sessions whose host name or controller name matches (wildcards allowed).'
        }
        Examples    = @(@{ Title = 'The open sessions'; Code = 'Get-EwcSession'; Remarks = 'A table of sessions.' })
        Outputs     = 'EwcUpgrade.Controllers.EwcSession'
    }
    'Disconnect-Ewc' = @{
        Synopsis    = 'Closes controller sessions.'
        Description = 'Logs out and forgets the sessions; later commands for those controllers connect again. A closed session object passed to another cmdlet is error SessionClosed, which says how to get a new one. Supports -WhatIf and -Confirm (ConfirmImpact Low). An id that is not open is error SessionNotFound.'
        Parameters  = @{
            Session    = 'The sessions to close. Accepts pipeline input.'
            Controller = 'Inventory controllers (also deserialised ones): every open session to their host and port is closed. Accepts pipeline input.'
            Id         = 'The ids of the sessions to close.'
            All        = 'Close every session of the process.'
        }
        Examples    = @(
            @{ Title = 'Close everything'; Code = 'Disconnect-Ewc -All'; Remarks = 'For the end of a runbook.' }
            @{ Title = 'Close the sessions of an inventory'; Code = '$controllers | Disconnect-Ewc'; Remarks = 'Sessions to other controllers stay open.' }
        )
        Outputs     = @()
    }
    'Get-EwcHostKey' = @{
        Synopsis    = 'Reads a controller''s SSH host key fingerprint without logging in.'
        Description = 'Runs the SSH key exchange only - no credential is sent - and returns the key''s algorithm, its SHA256 and MD5 fingerprints and the line known_hosts would hold. Check the fingerprint against the controller (show ip ssh / its console), then pin it as hostKey: in the inventory.'
        Parameters  = @{
            HostName       = 'The controller''s address or name. Accepts plain text by value and the property HostName from the pipeline, so inventory controllers pipe in.'
            Port           = 'The SSH port (default 22).'
            TimeoutSeconds = 'Seconds to wait for the key (default 10).'
        }
        Examples    = @(@{ Title = 'Fingerprints of an inventory'; Code = 'Import-EwcInventory ./site-a.yml | Get-EwcHostKey'; Remarks = 'One fingerprint per controller, to pin.' })
        Outputs     = 'EwcUpgrade.Ssh.HostKeyInfo'
    }
    'Get-EwcDownloadProfile' = @{
        Synopsis    = 'Reads the controller''s image-download profile.'
        Description = 'Parses show running-config | section image-download into Mode (tftp, sftp), Server, ImagePath, and for SFTP Username, Port and whether a password is set (the password itself is never read).'
        Parameters  = @{}
        Examples    = @(@{ Title = 'Every controller''s profile'; Code = 'Import-EwcInventory ./site-a.yml | Get-EwcDownloadProfile'; Remarks = 'One row per controller.' })
        Outputs     = 'EwcUpgrade.Parsers.ImageDownloadProfile'
    }
    'Set-EwcDownloadProfile' = @{
        Synopsis    = 'Points the controller''s image-download profile at a TFTP or SFTP server, sending only what differs.'
        Description = 'Reads the profile, then sends wireless profile image-download default, image-download-mode tftp|sftp and only the server, path, user, port and password lines that differ - nothing at all when the profile is already right. The SFTP password cannot be read back (the device stores it encrypted), so a password given is always sent: an SFTP profile with a credential is never "nothing sent". -WhatIf and -Verbose show the exact lines with the password masked. Controllers from an inventory whose imageServer: is set take mode, server, path and SFTP login from it unless given here. A line the device rejects is error DeviceCommandFailed with the device''s text.'
        Parameters  = @{
            Mode        = 'Tftp or Sftp.'
            ImageServer = 'The server''s address as the controller reaches it.'
            ImagePath   = 'The folder on the server that holds the bundle''s images, e.g. /17.9.4a (TFTP) or Documents/sftp_files/17_9_4a (SFTP).'
            Credential  = 'SFTP only: the login the controller uses on the server.'
            Port        = 'SFTP only: the server''s port (the device''s default is 22).'
            WriteMemory = 'Save the configuration (write memory) afterwards: a step of its own, which -WhatIf previews and -Confirm asks for.'
            Force       = 'Send every line even when the profile already matches.'
            PassThru    = 'Return the profile as read back from the controller.'
        }
        Examples    = @(
            @{ Title = 'A site to the admin host''s TFTP server'; Code = 'Import-EwcInventory ./site-a.yml | Set-EwcDownloadProfile -Mode Tftp -ImageServer 10.0.0.5 -ImagePath /17.9.4a -PassThru'; Remarks = 'Idempotent: run it again and nothing is sent.' }
            @{ Title = 'SFTP, previewed'; Code = '$s | Set-EwcDownloadProfile -Mode Sftp -ImageServer 10.0.0.6 -ImagePath images/17_9_4a -Credential (Get-Credential calo) -WhatIf'; Remarks = 'Prints the lines, with sftp-password 0 ********, and sends nothing.' }
        )
        Outputs     = 'EwcUpgrade.Parsers.ImageDownloadProfile'
    }
    'Get-ApSummary' = @{
        Synopsis    = 'Lists the controller''s APs (show ap summary), each with the image type its model needs.'
        Description = 'One object per AP: name, model, the image type from the module''s table (ap1g4 ... ap3g3; unknown models are warned about, never guessed), MACs, IP address, state and the controller. Reads both the 17.9.4+ layout and the older one.'
        Parameters  = @{}
        Examples    = @(@{ Title = 'Which image types does the network need?'; Code = 'Import-EwcInventory ./site-a.yml | Get-ApSummary | ForEach-Object ImageType'; Remarks = 'Feed the models to Test-ApBundle to check a bundle.' })
        Outputs     = 'EwcUpgrade.Parsers.ApSummaryEntry'
    }
    'Get-ApImageStatus' = @{
        Synopsis    = 'Reads every AP''s image status (show ap image).'
        Description = 'One object per AP: name, primary and backup image, predownload status and version, next retry time, retry count, method and the controller. With -Summary, one object per controller whose counters are numbers: TotalAps, Initiated, Downloading, Predownloading, CompletedDownloading, CompletedPredownloading, NotSupported, FailedToPredownload, PredownloadInProgress (true/false), OtherCounters (counters of a newer release, by label) and Aps. They compare as numbers (-gt), are numbers in JSON and keep their values through Export-Clixml and jobs.'
        Parameters  = @{ Summary = 'One object per controller, with the counters and its APs.' }
        Examples    = @(
            @{ Title = 'The status of a site'; Code = 'Import-EwcInventory ./site-a.yml | Get-ApImageStatus'; Remarks = 'A table like show ap image, with a Controller column.' }
            @{ Title = 'Only the failures'; Code = 'Import-EwcInventory ./site-a.yml | Get-ApImageStatus | Where-Object PredownloadStatus -eq Failed'; Remarks = 'The APs whose predownload failed, with their retry count.' }
            @{ Title = 'Controllers with failed predownloads'; Code = 'Import-EwcInventory ./site-a.yml | Get-ApImageStatus -Summary | Where-Object FailedToPredownload -gt 0'; Remarks = 'One row per controller with its counters.' }
        )
        Outputs     = 'EwcUpgrade.Parsers.ApImageStatus', 'EwcUpgrade.Parsers.ApImageReport'
    }
    'Invoke-EwcCommand' = @{
        Synopsis    = 'Runs privileged EXEC commands on controllers and returns their output text.'
        Description = 'For anything the module does not wrap, and to record a real device''s output (secrets masked) to check the parsers against. show commands run freely, unless | redirect, | tee or | append writes their output to a file; a list holding any other command asks for confirmation once per controller (ConfirmImpact High) and honours -WhatIf. The commands of one call run in order as one unit, so configuration lines can follow configure terminal in the same -Command; afterwards the session is always back in privileged EXEC (end is sent for you), and a session found in a configuration mode is brought back before use, so no command can leave a shared session unusable. A command is one line: one holding a line break is error InvalidCommand and is not sent. A command the device rejects is error DeviceCommandFailed carrying the device''s text, caret line included, and stops the rest of the list.'
        Parameters  = @{ Command = 'The commands, run one after another on each controller.' }
        Examples    = @(
            @{ Title = 'Capture a transcript'; Code = '$s | Invoke-EwcCommand -Command ''show ap image'', ''show install summary'''; Remarks = 'One object per command with Controller, Command and Output.' }
            @{ Title = 'Configure'; Code = '$s | Invoke-EwcCommand -Command ''configure terminal'', ''ntp server 10.0.0.1'''; Remarks = 'Asks once; the session is back in privileged EXEC afterwards.' }
        )
        Outputs     = 'EwcUpgrade.Cmdlets.EwcCommandOutput'
    }
    'Export-EwcCapture' = @{
        Synopsis    = 'Records a controller''s raw output of the commands the module reads, secrets masked, as test captures for the parsers.'
        Description = 'For users with a real EWC: runs the read-only commands the module sends (show version, show ap summary, show ap image, show install summary, show running-config | section image-download, show logging; only show commands) and writes each output as <Parser>/device-<release>-<controller>.txt under -Path, plus device-<release>-<controller>.manifest.yml with the controller, release, model, software, module version, and per command its time and file. This is the layout of the module''s parser test captures (tests/EwcUpgrade.Tests/Parsers/Captures/, see its README): copying the files there and writing each one''s .expected.json by hand makes a test capture from a real device. Secrets are masked as ***** before anything is written: the value of every password or secret configuration line (sftp-password 0/8, enable secret, username ... password/secret), the user and password of URLs (sftp://user:password@host), and the session''s login and enable passwords wherever they appear; the type digit is kept. Review the files before you share them: host names, addresses and AP names stay. A command the device rejects (% Invalid input) is not an error: the manifest records it as rejected with the device''s text, a warning says so, and the other commands go on. An existing capture of the same name is never overwritten silently: error DestinationExists (ResourceExists) names its files, unless -Force. Each file is written under a temporary name and then moved into place. -WhatIf still reads the device (read-only) so it can name the files, and writes nothing.'
        Parameters  = @{
            Path     = 'The folder to write the capture under (created if missing); the parser folders (ShowVersion, ShowApImage, ...) and the manifest go directly in it.'
            Command  = 'Only these of the capture''s commands, as their text (tab completion offers them, quoted). show version runs anyway, first, because it names the release and model the capture is filed under; its file is written only when it is asked for. Any other text is error InvalidArgument naming the commands a capture records.'
            Force    = 'Replace the files of an existing capture of the same name (device-<release>-<controller>).'
            PassThru = 'Return the files written (FileInfo) instead of one capture object per controller.'
        }
        Examples    = @(
            @{ Title = 'Capture every controller of an inventory'; Code = 'Import-EwcInventory ./site-a.yml | Export-EwcCapture -Path ./captures'; Remarks = 'One object per controller with Controller, Release, Model, Folder, Commands (each Captured or Rejected) and Files; ./captures/ShowApImage/device-17.9.3-EWC-1.txt and the others, and ./captures/device-17.9.3-EWC-1.manifest.yml.' }
            @{ Title = 'Only the AP tables of one controller, replacing an earlier capture'; Code = 'Export-EwcCapture 10.0.0.5 -Credential (Get-Credential admin) -Path ./captures -Command ''show ap summary'', ''show ap image'' -Force -PassThru'; Remarks = 'Returns the three files written (two outputs and the manifest).' }
        )
        Outputs     = 'EwcUpgrade.Cmdlets.EwcCapture', 'System.IO.FileInfo'
    }
    'Test-ImageServer' = @{
        Synopsis    = 'Checks from the admin host that an image server serves every image at the path the controllers will ask for.'
        Description = 'Asks the server for each image of a bundle (or each given image type) the way a controller will: over TFTP a read request with the tsize option, abandoned with an error packet as soon as the server answers, so no file is downloaded. Works against any TFTP server (the module''s own, tftpd-hpa, tftpd64). Over SFTP it logs in with the controllers'' login (-Credential) and reads each file''s size (stat), after checking the server''s host key like Connect-Ewc does; works against any OpenSSH-style server. One result per image: OK, NotFound (no file at that path), SizeMismatch (the server''s copy differs in size from the bundle''s), TimedOut (nothing answered: a stopped server, or UDP 69 blocked between the APs, the EWC and the server), Refused (nothing listens on the port, or the server refuses to read the file) or AuthFailed (SFTP), with the size found and, for anything but OK, the fix in one sentence. A server that does not answer for the first image is reported for the rest without waiting again.'
        Parameters  = @{
            Server         = 'The image server''s address, as the controllers are given it (tftp-image-server).'
            Protocol       = 'Tftp (default) or Sftp.'
            Credential     = 'SFTP: the login the controllers use (sftp-username, sftp-password). Never shown or logged.'
            HostKeyFingerprint = 'SFTP: accept only a server host key with one of these fingerprints (SHA256:... as ssh-keygen -l prints).'
            KnownHostsFile = 'SFTP: the known_hosts file to check the server''s host key against (default ~/.ssh/known_hosts).'
            TrustOnFirstUse = 'SFTP: record an unknown server host key in the known_hosts file instead of refusing it. A changed key is still refused.'
            ImagePath      = 'The image path the controllers'' profile names (tftp-image-path), e.g. /17.9.4.27. Default with a bundle: /<bundle version>, the folder Import-ApBundle creates under an image root.'
            Port           = 'The server''s port (default 69 for TFTP, 22 for SFTP).'
            Bundle         = 'The bundle whose images to look for, with their sizes (from Get-ApBundle or Import-ApBundle; accepts pipeline input).'
            Controller     = 'Inventory controllers (Import-EwcInventory, from the pipeline): each one''s image server is checked with its protocol, address, port, path and login, and each result names the controller. -Server, -Protocol, -Port, -ImagePath and -Credential override the inventory.'
            ImageType      = 'Image types to look for without a bundle (ap1g7, ...): presence only, sizes are not known.'
            TimeoutSeconds = 'Seconds to wait for each answer (default 2).'
            Retries        = 'How many times a request is repeated before the server is called timed out (default 2).'
            Quiet          = 'Return only $true when every image is OK, else $false.'
        }
        Examples    = @(
            @{ Title = 'Before pointing the controllers at a server'; Code = 'Get-ApBundle ./images | Test-ImageServer -Server 10.0.0.5 -ImagePath /17.9.4.27'; Remarks = 'One row per image with its verdict; a wrong path shows NotFound with the fix.' }
            @{ Title = 'In a script'; Code = 'if (-not (Get-ApBundle ./images | Test-ImageServer 10.0.0.5 -Quiet)) { throw ''the image server is not ready'' }'; Remarks = 'One boolean for the whole bundle.' }
            @{ Title = 'Every controller of a site against its own image server'; Code = 'Import-EwcInventory ./site-a.yml | Test-ImageServer -Bundle (Get-ApBundle ./images -Version 17.9.4.27)'; Remarks = 'One row per image per controller; a controller whose server has a wrong path shows NotFound with the fix.' }
            @{ Title = 'Only some image types'; Code = 'Test-ImageServer -Server 10.0.0.5 -ImagePath /17.9.4.27 -ImageType ap1g7, ap3g3'; Remarks = 'Presence only: without a bundle there is no size to compare.' }
            @{ Title = 'An SFTP server, with the controllers'' login'; Code = 'Get-ApBundle ./images | Test-ImageServer -Server 10.0.0.6 -Protocol Sftp -ImagePath 17.9.4.27 -Credential (Get-Credential calo) -HostKeyFingerprint SHA256:...'; Remarks = 'AuthFailed when the password is wrong; the password is never shown.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.Probes.ImageProbeResult', 'System.Boolean'
    }
    'Test-EwcUpgradeReadiness' = @{
        Synopsis    = 'Says per controller whether it is ready to be upgraded to a bundle, and if not, why and what to change.'
        Description = 'Read-only. For each controller it reads show version, show ap summary and the image-download profile, then asks the profile''s image server (from this host, the way the controller will ask) for each image the controller will fetch: the controller image first, then one per image type of its APs. One object per controller: Ready ($true exactly when Reasons is empty), Reasons (each with a Code, a Message naming the controller''s own thing, and a Fix), CurrentRelease, TargetVersion (the bundle''s controller version), ApCount, NeededImageTypes, MissingFromBundle, UnknownModels, ServerChecks (the probe''s verdict per image) and Profile; Notes holds facts that do not stop the upgrade. Codes: ProfileIncomplete, ProfileModeUnsupported, ProfileElsewhere (the server answers but holds none of the bundle''s files at the profile''s path with the bundle''s sizes), ImageTypeMissingFromBundle, UnknownApModel, ServerCheckFailed (with the probe''s Verdict: NotFound, SizeMismatch, TimedOut, AuthFailed, Refused), ServerNotChecked, ProbeLoginDiffers, Downgrade, AlreadyAtTarget, ReleaseUnknown. Releases compare by major.minor.maintenance and letter (17.9.4a is newer than 17.9.4). The SFTP password is never shown.'
        Parameters  = @{
            Bundle                        = 'The bundle to upgrade to, from Get-ApBundle or Import-ApBundle.'
            Quiet                         = 'Return only $true (every controller ready) or $false; a controller that could not be read counts as not ready.'
        }
        Examples    = @(
            @{ Title = 'Before upgrading a site'; Code = 'Import-EwcInventory ./site-a.yml | Test-EwcUpgradeReadiness -Bundle (Get-ApBundle ./images -Version 17.9.4.27)'; Remarks = 'One row per controller: Ready, its release and the bundle''s, its AP count and the reasons in short; $r.Reasons | Format-List Code, Message, Fix gives each in full.' }
            @{ Title = 'In a script, with the SFTP login'; Code = 'if (-not ($s | Test-EwcUpgradeReadiness -Bundle $b -ImageServerCredential (Get-Credential calo) -ImageServerHostKeyFingerprint SHA256:... -Quiet)) { throw ''not every controller is ready'' }'; Remarks = 'One boolean for all controllers; a wrong password shows as reason ServerCheckFailed with Verdict AuthFailed.' }
        )
        Outputs     = 'EwcUpgrade.Upgrade.Readiness.UpgradeReadinessReport', 'System.Boolean'
    }
    'Get-EwcUpgradeLog' = @{
        Synopsis    = 'Reads the install and image-download events of a controller''s log, each failure with its cause and the fix.'
        Description = 'Runs show logging and returns its install and image-download events as objects: started, completed and failed install add operations and the APs'' image download results, with the URL (credentials masked as *****), the file, the device''s error text, and for each failure its Cause - WrongPath (No such file or directory), MissingImage (the folder holds the other images but not this one), ServerUnreachable (Timed out: the server is down, its address is wrong, or UDP 69 / TCP 22 is blocked between the EWC and the server), AuthenticationFailed (SFTP login refused) or Unknown (the device''s own words are kept) - and the fix in one sentence. Where this session''s image server (Start-ImageServer, TFTP or SFTP) is the one the URL names, what it saw is joined in (ServerSaw): no request for the file from the controller points at a firewall or a wrong server address; "file not found" on the server points at the path. The log patterns are data: see about_EwcUpgrade for overriding them with -DeviceCliPath or $env:EWCUPGRADE_DEVICE_CLI.'
        Parameters  = @{
            Since         = 'Only events at or after this time, on the device''s clock (it prints neither year nor zone; the latest year not in the future is assumed).'
            Failed        = 'Only the failures.'
            DeviceCliPath = 'A YAML file with the device CLI lines and log patterns that differ on your controllers (only the keys that change); default $env:EWCUPGRADE_DEVICE_CLI. A typo is error DeviceDataInvalid naming file, line and column.'
        }
        Examples    = @(
            @{ Title = 'Why did the download fail?'; Code = 'Import-EwcInventory ./site-a.yml | Get-EwcUpgradeLog -Failed'; Remarks = 'One row per failure per controller with its cause, what the module''s own image server saw, and the fix.' }
            @{ Title = 'Since the download was started'; Code = '$s | Get-EwcUpgradeLog -Since (Get-Date).AddMinutes(-30)'; Remarks = 'The events of the last half hour on the device''s clock.' }
        )
        Outputs     = 'EwcUpgrade.Diagnosis.ImageDownloadEvent'
    }
    'Invoke-ApUpgrade' = @{
        Synopsis    = 'Upgrades the APs and the controller of each controller given: download, predownload, activate, commit, with progress and a diagnosis of every failure.'
        Description = 'For each controller (sessions, inventory controllers or host names from the pipeline, -ThrottleLimit at once) it reads where the device stands (show install summary, show ap image) and runs the phases asked for that the device does not show done already: Download sends install add profile default and waits until every AP has predownloaded the bundle''s image; Activate sends install activate, answers its [y/n], rides out the reload (the SSH session drops; it reconnects with backoff until the controller answers), checks that the controller runs the bundle''s version and that every AP came back on the new image; Commit sends install commit and checks it stuck. Before a download the readiness check runs (unless the phase is done already) and a controller that is not ready is skipped with its reasons unless -Force. A failed download is diagnosed from the device''s log and, when the module''s own image server served it, from what that server saw: each failure''s cause (WrongPath, MissingImage, ServerUnreachable, AuthenticationFailed, Unknown) and fix are in the result''s Failures and on each AP. Progress shows one bar per controller under an overall bar. Ctrl+C ends the waiting within a second and says where each controller was left; the device goes on with what it was doing, and running the command again picks up from there. The phase commands, questions and reload markers are data: see about_EwcUpgrade for overriding them with -DeviceCliPath or $env:EWCUPGRADE_DEVICE_CLI.'
        Parameters  = @{
            Bundle         = 'The AP bundle to install (Get-ApBundle, Import-ApBundle): the controller version (controller_version.info) and the AP version (version.info) are the targets; its images are what the readiness check looks for.'
            Phase          = 'Download, Activate, Commit, several of them (Download,Activate) or All (the default). A phase the device shows done is not sent again.'
            Wait           = 'Wait for the last phase asked for too. A phase followed by another is always waited for; without -Wait, -Phase Download returns once install add was accepted.'
            TimeoutMinutes = 'Minutes each controller''s upgrade may take (default 60); past them its result says TimedOut and where the device was.'
            PollSeconds    = 'Seconds between two looks at the device while waiting (default 5); reconnects after the reload back off from this to four times it (at most 30 s).'
            MaxFailed      = 'The failure budget: a count of controllers (3) or a percentage of the controllers given (10%). Once more have failed, no new controller is started (they are reported Skipped); those under way finish.'
            AsJob          = 'Runs as a background job in this process (Get-Job, Receive-Job, Stop-Job); its output, errors, warnings and progress are the job''s.'
            PassThru       = 'Writes one ApUpgradeResult per controller as it finishes (phases done, each AP''s outcome, failures with their diagnosis, duration). Without it one line per controller goes to the console, and failures are errors either way.'
            Force          = 'Upgrades a controller the readiness check finds not ready (its reasons become warnings).'
            DeviceCliPath  = 'A YAML file with the upgrade CLI lines, questions and reload markers that differ on your controllers (only the keys that change); default $env:EWCUPGRADE_DEVICE_CLI.'
        }
        Examples    = @(
            @{ Title = 'A whole site'; Code = 'Import-EwcInventory ./site-a.yml | Invoke-ApUpgrade -Bundle (Get-ApBundle ./images -Version 17.9.4.27) -PassThru'; Remarks = 'Every controller of the inventory, eight at a time; one result per controller.' }
            @{ Title = 'Download now, activate in the maintenance window'; Code = '$r = $s | Invoke-ApUpgrade -Bundle $b -Phase Download -Wait -PassThru; $r | Invoke-ApUpgrade -Bundle $b -Phase Activate,Commit -PassThru'; Remarks = 'The results carry their session, so they pipe into the next phase.' }
            @{ Title = 'What would it send?'; Code = 'Import-EwcInventory ./site-a.yml | Invoke-ApUpgrade -Bundle $b -WhatIf'; Remarks = 'The phases and CLI lines per controller; nothing is sent.' }
            @{ Title = 'A fleet, stopping when too many fail'; Code = 'Import-EwcInventory ./fleet.yml | Invoke-ApUpgrade -Bundle $b -ThrottleLimit 32 -MaxFailed 5% -AsJob'; Remarks = 'Receive-Job shows the results and the progress as they come.' }
        )
        Outputs     = 'EwcUpgrade.Upgrade.ApUpgradeResult', 'System.Management.Automation.Job'
    }
}
