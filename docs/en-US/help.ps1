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
            @{ Title = 'List the table'; Code = 'Get-ApImageType'; Remarks = 'One row per image type with the model prefixes it covers and the source of the entry.' }
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
            @{ Title = 'A bundle zip for a demo'; Code = 'New-ApSampleBundle -Path ./C9800-AP-universalk9.17.9.4a.zip'; Remarks = 'Writes a small bundle for release 17.9.4a in seconds.' }
            @{ Title = 'Only the images a lab needs, at real size'; Code = 'New-ApSampleBundle -Path ./lab-bundle -ImageType ap1g7, ap1g8 -Size Realistic'; Remarks = 'A folder with two real-sized images plus the controller image and version files.' }
        )
        Outputs     = 'System.IO.FileInfo', 'System.IO.DirectoryInfo'
    }
    'Import-ApBundle' = @{
        Synopsis    = 'Unpacks an AP bundle zip or folder into <image root>/<version>/, ready to be served.'
        Description = 'Reads the bundle''s version.info and unpacks it into a folder named by that version under the image root, e.g. ./images/17.9.4.27/. Point the EWC''s tftp-image-path (or sftp-image-path) at that folder, relative to the server''s root: /17.9.4.27. Every zip entry is checked before anything is written: one that would land outside the destination refuses the whole zip (error InvalidApBundle). An existing version folder is kept unless -Force (error ApBundleExists); with -Force the new files are unpacked beside it and replace it only when complete, so a failed import never leaves a half bundle.'
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
        Synopsis    = 'Starts the embedded read-only TFTP server on an image root: no tftpd64 or tftpd-hpa to install.'
        Description = 'Serves the image root over TFTP (RFC 1350 with option negotiation, blksize, timeout, tsize and windowsize; block-number rollover; IPv4 and IPv6) to the EWC and its APs. The server runs in the background of the session until Stop-ImageServer; with -Wait it runs in the foreground showing a progress bar per transfer and the log until Ctrl+C, and stops when the pipeline is stopped. Write requests are refused; names that would leave the root (.., drive letters, device names, symbolic links pointing outside) get "Access violation". Port 69 needs administrator rights: in a lab use -Port 6969 and point the clients there. Errors: ImageRootNotFound, ImageServerStartFailed (e.g. the port is in use).'
        Parameters  = @{
            Root           = 'The folder to serve (the image root that Import-ApBundle filled).'
            Protocol       = 'Tftp (the default). SFTP hosting arrives in a later release.'
            Address        = 'The local address to listen on; "::" (the default) listens on every IPv4 and IPv6 address. Replies always leave from the address a request arrived on.'
            Port           = 'The UDP port (default 69). 0 picks a free port.'
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
            @{ Title = 'A console left running during a rollout'; Code = 'Start-ImageServer -Root ./images -Port 6969 -LogPath ./tftp.log -Wait'; Remarks = 'Shows each AP or controller fetching an image, with rate and progress, until Ctrl+C.' }
            @{ Title = 'Behind a firewall, for one management network'; Code = 'Start-ImageServer -Root ./images -DataPortRange 50000-50100 -AllowedClient 10.20.0.0/16'; Remarks = 'Only clients in 10.20.0.0/16 are served, and transfers use ports 50000-50100.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageServer'
    }
    'Stop-ImageServer' = @{
        Synopsis    = 'Stops image servers of this session: those given, or all of them.'
        Description = 'Stops the servers and ends their running transfers (which fail with "server stopped"). Without parameters it stops every server of the session. Error ImageServerNotFound for an id that matches no running server.'
        Parameters  = @{
            Id          = 'Ids of the servers to stop (Get-ImageServer shows them).'
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
        Parameters  = @{ Id = 'Only the servers with these ids.' }
        Examples    = @(
            @{ Title = 'List servers'; Code = 'Get-ImageServer'; Remarks = 'A table of the running servers.' }
            @{ Title = 'Recent log lines'; Code = '(Get-ImageServer -Id 1).GetLog()'; Remarks = 'The RRQ lines and outcomes kept in memory.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageServer'
    }
    'Get-ImageTransfer' = @{
        Synopsis    = 'Shows the live and recent transfers of this session''s image servers.'
        Description = 'One object per transfer: client, file, bytes acknowledged, total, percent, rate, state, negotiated options (blksize, windowsize, tsize, timeout), retransmissions and the error of a failed transfer. The last thousand ended transfers of each server are kept. An object keeps reading through to its live transfer, so keeping one and reading it again shows current numbers.'
        Parameters  = @{
            ServerId = 'Only transfers of these servers. Binds from a server object''s Id.'
            State    = 'Active, Completed or Failed.'
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
        Description = 'Proves from the admin host that a server (the embedded one, tftpd64, tftpd-hpa, ...) serves the right bytes at the path the EWC profile names. Without -Destination the bytes are only hashed; with it they are saved (to a temporary file first, so an interrupted download never leaves a truncated image). Error TftpDownloadFailed, with category ObjectNotFound for a wrong path, PermissionDenied for an access violation and OperationTimeout when nothing answers (a blocked UDP 69, a wrong address).'
        Parameters  = @{
            Server         = 'The TFTP server''s address or name.'
            Path           = 'The file''s name on the server, e.g. /17.9.4.27/ap1g7. Accepts pipeline input.'
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
            @{ Title = 'Save an image'; Code = 'Receive-TftpFile 127.0.0.1 /17.9.4.27/ap1g8 -Port 6969 -Destination ./ap1g8 -WindowSize 16'; Remarks = 'Downloads with windowsize 16 and saves the file.' }
        )
        Outputs     = 'EwcUpgrade.ImageServers.ImageDownloadResult'
    }
    '(shared parameters)' = @{
        Session               = 'Sessions from Connect-Ewc (or Get-EwcSession). Accepts pipeline input by value and by the property name Session.'
        Controller            = 'Controllers from Import-EwcInventory. Accepts pipeline input. A session to the same host, port and user is reused, or opened on demand with the inventory''s credential and host-key settings.'
        HostName              = 'The controller''s address or name, for one-off use without an inventory. Accepts the property HostName from the pipeline.'
        Port                  = 'The controller''s SSH port (default 22).'
        Credential            = 'The SSH login: user name and password. With -KeyFile the password may be empty.'
        KeyFile               = 'A private key file (OpenSSH or PEM) to log in with.'
        HostKeyFingerprint    = 'Accept only a host key with one of these fingerprints, SHA256:... as ssh-keygen -l and Get-EwcHostKey print them (MD5 also accepted).'
        KnownHostsFile        = 'The known_hosts file to check the host key against (default ~/.ssh/known_hosts, the file ssh uses).'
        TrustOnFirstUse       = 'Record an unknown host key in the known_hosts file instead of refusing it. A key that differs from the recorded one is always refused (error HostKeyChanged).'
        EnableCredential      = 'The enable secret (password only), for accounts that land in user EXEC mode (NAME>).'
        CommandTimeoutSeconds = 'Seconds to wait for each command''s answer (default 60). A device that does not answer in time is error DeviceTimeout and the session is reopened on next use.'
    }
    'Import-EwcInventory' = @{
        Synopsis    = 'Reads a YAML inventory of sites, controllers, image servers and bundles, and emits its controllers.'
        Description = 'The inventory names everything a rollout touches (see examples/lab-inventory.yml): controllers (name, host, port, site, credential, hostKey, targetRelease, imageServer, keyFile, knownHosts), imageServers (name, protocol tftp|sftp, address, port, path, credential), bundles (name, version, path), sites and settings (knownHosts, trustOnFirstUse). Versions stay text: 17.10 is never read as 17.1. Every problem in the file - YAML syntax, unknown keys (with the nearest known key suggested), missing keys, bad types, duplicate names, a site or image server that is not defined - is reported at once, each as file:line:column, in one error InventoryInvalid. Secrets are never in the file: credential: names a login, resolved from -Credential, then from the environment variables EWC_CREDENTIAL_<NAME>_USERNAME and _PASSWORD, then from SecretManagement (Get-Secret) when it is installed. A name that resolves nowhere is a warning here and an error (CredentialMissing) when the controller is used.'
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
        Description = 'Logs in with a password or a key, checks the host key (pinned fingerprints, else the known_hosts file, optionally trusting it on first use; never silently), enters privileged EXEC mode (with -EnableCredential when the account lands in user EXEC mode) and turns paging off (terminal length 0). An open session to the same host, port and user is returned instead of a second one. Sessions live in the process, so they are shared by every runspace of it (ForEach-Object -Parallel included) and reused by the other controller cmdlets. A dropped connection is reopened by the next command. Errors: ConnectionFailed (unreachable, authentication failed: the password never appears), HostKeyUnknown, HostKeyChanged.'
        Parameters  = @{}
        Examples    = @(
            @{ Title = 'Connect, pinning the host key'; Code = '$s = Connect-Ewc 10.0.1.1 -Credential (Get-Credential admin) -HostKeyFingerprint SHA256:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU'; Remarks = 'Refuses any other key.' }
            @{ Title = 'Trust on first use'; Code = 'Connect-Ewc 10.0.1.1 -Credential $cred -TrustOnFirstUse'; Remarks = 'Records the key in ~/.ssh/known_hosts the first time; refuses it if it ever changes.' }
        )
        Outputs     = 'EwcUpgrade.Controllers.EwcSession'
    }
    'Get-EwcSession' = @{
        Synopsis    = 'Lists the controller sessions open in this process.'
        Description = 'Each session shows its controller, host, port, user, the device name from its prompt, its state (Open, or Broken after a dropped connection: the next command reconnects), when it connected and how many commands it ran.'
        Parameters  = @{
            Id       = 'Only these session ids.'
            HostName = 'Only sessions whose host name or controller name matches (wildcards allowed).'
        }
        Examples    = @(@{ Title = 'The open sessions'; Code = 'Get-EwcSession'; Remarks = 'A table of sessions.' })
        Outputs     = 'EwcUpgrade.Controllers.EwcSession'
    }
    'Disconnect-Ewc' = @{
        Synopsis    = 'Closes controller sessions.'
        Description = 'Logs out and forgets the sessions; later commands for those controllers connect again.'
        Parameters  = @{
            Session = 'The sessions to close. Accepts pipeline input.'
            Id      = 'The ids of the sessions to close.'
            All     = 'Close every session of the process.'
        }
        Examples    = @(@{ Title = 'Close everything'; Code = 'Disconnect-Ewc -All'; Remarks = 'For the end of a runbook.' })
        Outputs     = @()
    }
    'Get-EwcHostKey' = @{
        Synopsis    = 'Reads a controller''s SSH host key fingerprint without logging in.'
        Description = 'Runs the SSH key exchange only - no credential is sent - and returns the key''s algorithm, its SHA256 and MD5 fingerprints and the line known_hosts would hold. Check the fingerprint against the controller (show ip ssh / its console), then pin it as hostKey: in the inventory.'
        Parameters  = @{
            HostName       = 'The controller''s address or name. Accepts the property HostName from the pipeline, so inventory controllers pipe in.'
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
        Description = 'Reads the profile, then sends wireless profile image-download default, image-download-mode tftp|sftp and only the server, path, user, port and password lines that differ - nothing at all when the profile is already right. The SFTP password cannot be read back (the device stores it encrypted): it is sent when the profile has none, when another SFTP setting changes, or with -Force. -WhatIf and -Verbose show the exact lines with the password masked. Controllers from an inventory whose imageServer: is set take mode, server, path and SFTP login from it unless given here. A line the device rejects is error DeviceCommandFailed with the device''s text.'
        Parameters  = @{
            Mode        = 'Tftp or Sftp.'
            ImageServer = 'The server''s address as the controller reaches it.'
            ImagePath   = 'The folder on the server that holds the bundle''s images, e.g. /17.9.4a (TFTP) or Documents/sftp_files/17_9_4a (SFTP).'
            Credential  = 'SFTP only: the login the controller uses on the server.'
            Port        = 'SFTP only: the server''s port (the device''s default is 22).'
            WriteMemory = 'Save the configuration (write memory) afterwards.'
            Force       = 'Send every line even when the profile already matches (re-sends the SFTP password).'
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
        Description = 'One object per AP: name, primary and backup image, predownload status and version, next retry time, retry count, method and the controller. With -Summary, one object per controller with the counters (initiated, downloading, predownloading, completed, not supported, failed) and whether a predownload is in progress.'
        Parameters  = @{ Summary = 'One object per controller, with the counters and its APs.' }
        Examples    = @(
            @{ Title = 'The status of a site'; Code = 'Import-EwcInventory ./site-a.yml | Get-ApImageStatus'; Remarks = 'A table like show ap image, with a Controller column.' }
            @{ Title = 'Only the failures'; Code = 'Import-EwcInventory ./site-a.yml | Get-ApImageStatus | Where-Object PredownloadStatus -eq Failed'; Remarks = 'The APs whose predownload failed, with their retry count.' }
        )
        Outputs     = 'EwcUpgrade.Parsers.ApImageStatus', 'EwcUpgrade.Parsers.ApImageReport'
    }
    'Invoke-EwcCommand' = @{
        Synopsis    = 'Runs privileged EXEC commands on controllers and returns their output text.'
        Description = 'For anything the module does not wrap, and to record a real device''s output (secrets masked) to check the parsers against. show commands run freely, unless | redirect, | tee or | append writes their output to a file; any other command asks for confirmation (ConfirmImpact High) and honours -WhatIf. A command is one line: one holding a line break is error InvalidCommand and is not sent. A command the device rejects is error DeviceCommandFailed carrying the device''s text, caret line included.'
        Parameters  = @{ Command = 'The commands, run one after another on each controller.' }
        Examples    = @(@{ Title = 'Capture a transcript'; Code = '$s | Invoke-EwcCommand -Command ''show ap image'', ''show install summary'''; Remarks = 'One object per command with Controller, Command and Output.' })
        Outputs     = 'EwcUpgrade.Cmdlets.EwcCommandOutput'
    }
}
