# Every example of every cmdlet's help, as Get-Help shows it, runs here and must show what
# the help says it shows. Outside cmdlets (Get-ADUser, Get-MgUser, Invoke-MgGraphRequest...)
# are the stand-ins of tests/helpers/stand-ins, over one known directory; each example runs in a
# fresh folder holding the files the examples read (tests/helpers/stand-ins/Files.ps1).
#
# An example's code is its "PS> " and ">> " lines; the other lines are the output it shows,
# compared with what the code writes (errors as the console shows them, "Command: message";
# warnings as "WARNING: message"), ignoring blank lines and runs of spaces. An error is
# allowed only when the example shows it or its remarks name its ErrorId.

BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $examples = foreach ($command in @(Get-Command -Module ImmutableId | Sort-Object Name)) {
        # A cmdlet without MAML help has no examples to run; Help.Tests.ps1 fails for it.
        $help = Get-Help $command.Name -Full
        if ($help.PSObject.TypeNames -notcontains 'MamlCommandHelpInfo') { continue }
        $number = 0
        foreach ($example in @($help.examples.example)) {
            $number++
            @{
                Example = @{
                    Command = $command.Name
                    Number  = $number
                    Title   = ($example.title -replace '^-+\s*(Example \d+:\s*)?|\s*-+$', '')
                    Text    = [string]$example.code
                    Remarks = (@($example.remarks | ForEach-Object { $_.Text }) -join "`n")
                }
            }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    Import-StandIns

    # The code of an example as shown ("PS> " and ">> " lines), and the output it shows.
    function Split-ExampleText {
        param([string] $Text)
        $code = [System.Collections.Generic.List[string]]::new()
        $output = [System.Collections.Generic.List[string]]::new()
        foreach ($line in $Text.Replace("`r`n", "`n").Split("`n")) {
            if ($line -match '^(PS>|>>)(?: (?<code>.*))?$') { $code.Add($Matches['code']) } else { $output.Add($line) }
        }
        @{ Code = ($code -join "`n"); Output = ($output -join "`n") }
    }

    # What the records would show at a console, 100 columns wide.
    function Format-ExampleOutput {
        param([object[]] $Records)
        $shown = foreach ($record in $Records) {
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $source = if ($record.InvocationInfo -and $record.InvocationInfo.MyCommand) { $record.InvocationInfo.MyCommand.Name } else { 'Exception' }
                "${source}: $($record.Exception.Message)"
            }
            elseif ($record -is [System.Management.Automation.WarningRecord]) { "WARNING: $($record.Message)" }
            else { $record }
        }
        $shown | Out-String -Width 100
    }

    # Lines to compare: trimmed, runs of spaces as one, no blank lines; '…' as '...', which
    # Windows PowerShell prints instead.
    function Get-ComparableLines {
        param([string] $Text)
        @($Text.Replace("`r`n", "`n").Split("`n") | ForEach-Object { ($_.Trim() -replace '\s+', ' ').Replace([string][char]0x2026, '...') } | Where-Object { $_ -ne '' })
    }
}

AfterAll {
    # Pester runs every file in one session: the stand-ins must not outlive this one.
    Remove-StandIns
}

Describe 'Help examples' {
    It '<Example.Command> example <Example.Number>: <Example.Title>' -ForEach $examples {
        $parts = Split-ExampleText $Example.Text
        $parts.Code | Should -Not -BeNullOrEmpty -Because 'an example shows its code on "PS> " lines'
        Reset-StandInDirectory
        $folder = Join-Path $TestDrive "$($Example.Command)-$($Example.Number)"
        New-Item -ItemType Directory -Path $folder | Out-Null
        New-StandInFiles $folder
        $ErrorActionPreference = 'Continue'
        Push-Location $folder
        try { $records = @(& ([scriptblock]::Create($parts.Code)) 2>&1 3>&1) }
        finally { Pop-Location }

        $shown = (Get-ComparableLines $parts.Output) -join "`n"
        $compared = foreach ($record in $records) {
            if ($record -is [System.Management.Automation.ErrorRecord]) {
                $errorId = ($record.FullyQualifiedErrorId -split ',')[0]
                $line = (Get-ComparableLines (Format-ExampleOutput @($record))) -join "`n"
                if ($shown.Contains($line)) { $record; continue }
                $Example.Remarks | Should -Match "\b$([regex]::Escape($errorId))\b" -Because "the example gave the error $errorId ($($record.Exception.Message)), which it neither shows nor names"
                continue
            }
            $record
        }
        (Get-ComparableLines (Format-ExampleOutput @($compared))) -join "`n" | Should -BeExactly $shown -Because 'an example shows what it writes'
    }
}
