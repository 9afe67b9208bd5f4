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
            TimeoutSeconds = 'Retransmission timeout when the client does not negotiate one. Default 1.'
            MaxRetries     = 'Retransmissions before a transfer fails. Default 5.'
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
}
