# The module in many runspaces at once (issue 9): an admin's ForEach-Object -Parallel gets
# exactly what the same work gives one runspace at a time. Eight runspaces each convert
# 100,000 GUIDs (as an array and piped), convert them back, validate 100,000 values with
# -Summary and 10,000 with results; each runspace has its own inputs, so that a result
# crossing from one runspace to another shows. Outputs (values, warnings and errors, in
# order) are compared whole, by SHA-256 of their joined text.
BeforeDiscovery {
    # One input set, and one runspace, per seed.
    $script:Seeds = 9001..9008
}

BeforeAll {
    $script:SkipReason = if ($PSVersionTable.PSVersion.Major -lt 7) { 'needs PowerShell 7: ForEach-Object -Parallel' }
    if ($SkipReason) { return }
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force

    $script:Seeds = 9001..9008
    $script:ValueCount = 100000
    $script:ResultCount = 10000

    # One runspace's inputs, the same from one run to the next: random GUIDs (a few values
    # that are not GUIDs among them), the ImmutableIds .NET makes of them (Base64 of
    # Guid.ToByteArray()), and values to validate with the mistakes admins meet (case,
    # URL-safe alphabet, spaces, truncation, duplicates, blanks, GUIDs pasted as ImmutableIds).
    function New-InputSet([int] $Seed) {
        $random = [Random]::new($Seed)
        $bytes = [byte[]]::new(16)
        $guids = [string[]]::new($ValueCount)
        $values = [string[]]::new($ValueCount)
        $goodGuids = [Collections.Generic.List[string]]::new()
        $goodIds = [Collections.Generic.List[string]]::new()
        for ($i = 0; $i -lt $ValueCount; $i++) {
            $random.NextBytes($bytes)
            $guid = [guid]::new($bytes).ToString()
            $id = [Convert]::ToBase64String($bytes)
            if ($i % 10007 -eq 5) {
                $guids[$i] = "not-a-guid-$i"
            } else {
                $guids[$i] = $guid
                $goodGuids.Add($guid)
                $goodIds.Add($id)
            }
            $values[$i] = switch ($i % 100) {
                1 { $id.ToLowerInvariant() }
                2 { $values[$i - 1] }
                3 { $id.Replace('+', '-').Replace('/', '_') }
                4 { "$id " }
                5 { $id.Substring(0, 20) }
                6 { '' }
                7 { $guid }
                8 { $id.TrimEnd('=') }
                default { $id }
            }
        }
        [pscustomobject]@{
            Seed = $Seed; Guids = $guids; Values = $values; ResultValues = $values[0..($ResultCount - 1)]
            GoodGuids = $goodGuids.ToArray(); GoodIds = $goodIds.ToArray()
        }
    }

    # What one runspace does, as text: both runs execute it, serially here and in parallel in
    # runspaces of their own (a script block cannot cross into one; its text can). Loops are
    # foreach statements: a pipeline per record would take minutes over 1.6 million records.
    $script:JobText = {
        param($Set)
        function Get-Sha256([Text.StringBuilder] $Text) {
            [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($Text.ToString())))
        }
        # Every record of a stream, in order, one line each: values, warnings and errors alike;
        # and, apart, the values alone (strings and GUIDs), to check against the truth.
        function Get-Digest([object[]] $Records) {
            $all = [Text.StringBuilder]::new()
            $values = [Text.StringBuilder]::new()
            $errors = 0
            foreach ($record in $Records) {
                if ($record -is [System.Management.Automation.ErrorRecord]) {
                    $errors++
                    $null = $all.Append('E|').Append($record.FullyQualifiedErrorId).Append('|').Append($record.Exception.Message).Append("`n")
                } elseif ($record -is [System.Management.Automation.WarningRecord]) {
                    $null = $all.Append('W|').Append($record.Message).Append("`n")
                } else {
                    $null = $all.Append('V|').Append("$record").Append("`n")
                    $null = $values.Append("$record").Append("`n")
                }
            }
            [pscustomobject]@{ Count = $Records.Count; Errors = $errors; Sha256 = Get-Sha256 $all; ValuesSha256 = Get-Sha256 $values }
        }

        $started = [DateTime]::UtcNow
        $ids = @(ConvertTo-ImmutableId $Set.Guids -ErrorAction Continue 3>&1 2>&1)
        $piped = @($Set.Guids | ConvertTo-ImmutableId -ErrorAction Continue 3>&1 2>&1)
        $converted = [Collections.Generic.List[string]]::new()
        foreach ($record in $ids) { if ($record -is [string]) { $converted.Add($record) } }
        $back = @(ConvertFrom-ImmutableId $converted -ErrorAction Continue 3>&1 2>&1)
        $summary = @(Test-ImmutableId $Set.Values -Summary 3>&1 2>&1)
        $summaryText = foreach ($record in $summary) { $record | ConvertTo-Json -Compress -Depth 3 }
        $results = @(foreach ($record in (Test-ImmutableId $Set.ResultValues 3>&1 2>&1)) {
                if ($record -is [ImmutableId.Model.ImmutableIdTestResult]) {
                    '{0}|{1}|{2}|{3}|{4}|{5}|{6}|{7}|{8}' -f $record.Index, $record.ImmutableId, $record.Status, ($record.Reasons -join ','),
                        $record.Suggestion, $record.Guid, ($record.Duplicates -join ','), $record.DuplicateCount, ($record.Messages -join ' ')
                } else { $record }
            })
        [pscustomobject]@{
            Seed               = $Set.Seed
            Runspace           = [runspace]::DefaultRunspace.InstanceId
            Started            = $started
            Finished           = [DateTime]::UtcNow
            ToImmutableId      = Get-Digest $ids
            ToImmutableIdPiped = Get-Digest $piped
            FromImmutableId    = Get-Digest $back
            Summary            = Get-Digest @($summaryText)
            Results            = Get-Digest $results
            SummaryText        = $summaryText -join "`n"
        }
    }.ToString()

    # The ValuesSha256 the job gives for these values.
    function Get-ValuesSha256([string[]] $Values) {
        $text = if ($Values.Count) { ($Values -join "`n") + "`n" } else { '' }
        [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($text)))
    }

    $clock = [Diagnostics.Stopwatch]::StartNew()
    $script:Sets = @(foreach ($seed in $Seeds) { New-InputSet $seed })
    $script:InputTime = $clock.Elapsed
    $job = [scriptblock]::Create($JobText)

    $clock.Restart()
    $script:Serial = @(foreach ($set in $Sets) { & $job $set })
    $script:SerialTime = $clock.Elapsed

    $clock.Restart()
    $script:Parallel = @($Sets | ForEach-Object -ThrottleLimit $Seeds.Count -Parallel {
            Import-Module $using:ModuleManifest
            & ([scriptblock]::Create($using:JobText)) $_
        })
    $script:ParallelTime = $clock.Elapsed
    Write-Host ("    inputs {0:n1} s, serial {1:n1} s, {2} runspaces in parallel {3:n1} s" -f $InputTime.TotalSeconds, $SerialTime.TotalSeconds, $Seeds.Count, $ParallelTime.TotalSeconds) -ForegroundColor DarkGray
}

Describe 'Concurrency' {
    BeforeEach {
        if ($SkipReason) { Set-ItResult -Skipped -Because $SkipReason }
    }

    It 'gives right answers serially, so that the comparison is with the truth' {
        foreach ($run in $Serial) {
            $set = $Sets | Where-Object Seed -eq $run.Seed
            $run.ToImmutableId.Count | Should -Be $ValueCount
            $run.ToImmutableId.Errors | Should -Be ($ValueCount - $set.GoodIds.Count) -Because 'each value that is not a GUID is one error'
            $run.ToImmutableId.ValuesSha256 | Should -Be (Get-ValuesSha256 $set.GoodIds) -Because '.NET gives these ImmutableIds, in this order'
            $run.ToImmutableIdPiped.Sha256 | Should -Be $run.ToImmutableId.Sha256 -Because 'piped and as an array give the same'
            $run.FromImmutableId.ValuesSha256 | Should -Be (Get-ValuesSha256 $set.GoodGuids) -Because 'they convert back to the GUIDs they came from'
            $run.Results.Count | Should -Be $ResultCount
            $run.Results.Errors | Should -Be 0
            ($run.SummaryText | ConvertFrom-Json).Total | Should -Be $ValueCount
        }
    }

    It 'ran the runspaces at the same time, each in its own runspace' {
        @($Parallel.Runspace | Sort-Object -Unique).Count | Should -Be $Seeds.Count
        $latestStart = ($Parallel.Started | Measure-Object -Maximum).Maximum
        $earliestFinish = ($Parallel.Finished | Measure-Object -Minimum).Minimum
        $latestStart | Should -BeLessThan $earliestFinish -Because 'every runspace was still working when the last one started'
    }

    It 'gives the runspace for seed <_> exactly the serial outputs' -ForEach $Seeds {
        $seed = $_
        $serialRun = $Serial | Where-Object Seed -eq $seed
        $parallelRun = $Parallel | Where-Object Seed -eq $seed
        $parallelRun | Should -Not -BeNullOrEmpty
        foreach ($output in 'ToImmutableId', 'ToImmutableIdPiped', 'FromImmutableId', 'Summary', 'Results') {
            $parallelRun.$output.Count | Should -Be $serialRun.$output.Count -Because "$output has as many records"
            $parallelRun.$output.Sha256 | Should -Be $serialRun.$output.Sha256 -Because "$output is the same, record for record"
        }
    }
}
