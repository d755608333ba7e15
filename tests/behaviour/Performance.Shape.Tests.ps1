# What the fast paths must keep: results that look as they did, whatever route made them.
# Test-ImmutableId results carry a CSV row's columns or a piped record's properties without a
# note property per value (a type adapter shows them); ConvertTo-ImmutableId converts values
# in batches and one by one alike, errors and warnings in their places. Behaviour only: no
# timings here (tests/bench/Bench.ps1 measures).
BeforeAll {
    . (Join-Path $PSScriptRoot '../helpers/Common.ps1')
    Import-Module $ModuleManifest -Force
    $script:G1 = [guid]'874bcd2b-148d-47ca-b309-91df64f05bf5'
    $script:I1 = 'K81Lh40UykezCZHfZPBb9Q=='
    $script:I2 = 'QF5HMK7n80qvdYsUPIHa9Q=='
    function New-Csv([string] $Name, [string[]] $Lines) {
        $path = Join-Path $TestDrive $Name
        [IO.File]::WriteAllText($path, ($Lines -join "`n") + "`n")
        $path
    }
    # The names and values PowerShell shows for an object, in its order.
    function Get-Shown($Object) { @($Object.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value }) }
    $script:Own = @('ImmutableId', 'Status', 'Reasons', 'Messages', 'Guid', 'ExpectedGuid', 'ExpectedGuidSource', 'Suggestion',
        'Index', 'Line', 'Path', 'Source', 'Duplicates', 'DuplicateCount')
}

Describe 'Test-ImmutableId results carry their columns' {
    BeforeAll {
        # A column named like a result property (Status), one with no name (Import-Csv's H1),
        # and an OnPremisesImmutableId column beside the ImmutableId one.
        $script:Csv = New-Csv 'carried.csv' @(
            'UserPrincipalName,ObjectGUID,ImmutableId,Status,,Department,OnPremisesImmutableId'
            "a@contoso.com,$G1,$I1,x,e1,Sales,$I2"
            "b@contoso.com,,AAAA,y,e2,,"
        )
    }

    It 'shows the row''s other columns first, then its own properties, in the header''s order' {
        $results = @(Test-ImmutableId -Path $Csv)
        $results.Count | Should -Be 2
        # The core leaves out the columns a value can come from (ImmutableId, OnPremisesImmutableId).
        @($results[0].PSObject.Properties.Name) | Should -Be (@('UserPrincipalName', 'ObjectGUID', 'H1', 'Department') + $Own)
        $results[0].UserPrincipalName | Should -BeExactly 'a@contoso.com'
        $results[0].H1 | Should -BeExactly 'e1'
        $results[0].Status | Should -Be 'Valid' -Because 'a column named like a result property never hides it'
        $results[1].Department | Should -BeExactly ''
        $results[1].PSObject.Properties['department'].Name | Should -BeExactly 'Department' -Because 'names match ignoring case and keep the header''s spelling'
        $results[1].PSObject.Properties['NoSuchColumn'] | Should -BeNullOrEmpty
    }

    It 'agrees with Import-Csv rows piped in, but for the column the value came from' {
        $byFile = @(Test-ImmutableId -Path $Csv)
        $piped = @(Import-Csv $Csv | Test-ImmutableId)
        $piped[0].PSObject.Properties['ImmutableId'].Value | Should -BeExactly $I1
        for ($i = 0; $i -lt 2; $i++) {
            foreach ($name in 'UserPrincipalName', 'ObjectGUID', 'H1', 'Department') {
                $piped[$i].$name | Should -BeExactly $byFile[$i].$name -Because "row $i, $name"
            }
        }
    }

    It 'reads the same through Select-Object, Format-List, Export-Csv and ConvertTo-Json' {
        $result = @(Test-ImmutableId -Path $Csv)[0]
        $selected = $result | Select-Object *
        Get-Shown $selected | Should -Be (Get-Shown $result)
        ($result | Format-List * | Out-String) | Should -Match 'Department\s+: Sales'
        $csv = @($result | ConvertTo-Csv -NoTypeInformation)
        $csv[0] | Should -BeLike '"UserPrincipalName","ObjectGUID","H1","Department","ImmutableId","Status",*'
        $back = $csv | ConvertFrom-Csv
        $back.Department | Should -BeExactly 'Sales'
        $json = $result | ConvertTo-Json -Depth 2 | ConvertFrom-Json
        $json.Department | Should -BeExactly 'Sales'
        $json.ImmutableId | Should -BeExactly $I1
        $copy = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($result))
        $copy.Department | Should -BeExactly 'Sales'
        $copy.Status | Should -Be 'Valid'
    }

    It 'adds no note property to a result: the columns are shown, not copied' {
        $result = @(Test-ImmutableId -Path $Csv)[0]
        @($result.PSObject.Properties | Where-Object MemberType -EQ 'NoteProperty') | Should -HaveCount 0
        $result | Should -BeOfType ([ImmutableId.Model.ImmutableIdTestResult])
    }

    It 'lets a carried value be changed, and keeps the result''s own properties read-only' {
        $result = @(Test-ImmutableId -Path $Csv)[0]
        $result.Department = 'Finance'
        $result.Department | Should -BeExactly 'Finance'
        $result.department | Should -BeExactly 'Finance'
        @(Test-ImmutableId -Path $Csv)[0].Department | Should -BeExactly 'Sales' -Because 'each result has its own values'
        { $result.Status = 'Invalid' } | Should -Throw "*'Status' is a ReadOnly property*"
    }

    It 'keeps each header''s columns for the rows of its own file' {
        $other = New-Csv 'other.csv' @('Mail,ImmutableId', "m@contoso.com,$I2")
        $results = @(Test-ImmutableId -LiteralPath $Csv, $other)
        $results.Count | Should -Be 3
        $results[2].Mail | Should -BeExactly 'm@contoso.com'
        $results[2].PSObject.Properties['Department'] | Should -BeNullOrEmpty
        $results[0].PSObject.Properties['Mail'] | Should -BeNullOrEmpty
    }
}

Describe 'Test-ImmutableId results carry their piped records' {
    It 'shows a record''s properties but the one the value came from, and those the result has' {
        $record = [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; OnPremisesImmutableId = $I1; Id = 7; status = 'mine'; Tags = @('x', 'y') }
        $result = $record | Test-ImmutableId
        @($result.PSObject.Properties.Name) | Should -Be (@('UserPrincipalName', 'Id', 'Tags') + $Own)
        $result.Id | Should -Be 7
        $result.Id | Should -BeOfType ([int])
        @($result.Tags) | Should -Be @('x', 'y')
        $result.Source | Should -BeExactly 'OnPremisesImmutableId'
        $result.PSObject.Properties['OnPremisesImmutableId'] | Should -BeNullOrEmpty
    }

    It 'shows a dictionary''s keys, the first of keys that differ only in case' {
        $dictionary = [Collections.Generic.Dictionary[string, object]]::new()
        $dictionary['ImmutableId'] = $I1
        $dictionary['name'] = 'first'
        $dictionary['Name'] = 'second'
        $dictionary[''] = 'no name'
        $result = , $dictionary | Test-ImmutableId
        @($result.PSObject.Properties.Name) | Should -Be (@('name') + $Own)
        $result.Name | Should -BeExactly 'first'
    }

    It 'changes a result''s value without changing the record' {
        $record = [pscustomobject]@{ UserPrincipalName = 'a@contoso.com'; ImmutableId = $I1 }
        $result = $record | Test-ImmutableId
        $result.UserPrincipalName = 'b@contoso.com'
        $result.UserPrincipalName | Should -BeExactly 'b@contoso.com'
        $record.UserPrincipalName | Should -BeExactly 'a@contoso.com'
    }

    It 'carries nothing for a value given itself' {
        $result = $I1 | Test-ImmutableId
        @($result.PSObject.Properties.Name) | Should -Be $Own
    }
}

Describe 'Test-ImmutableId -ProblemsOnly' {
    It 'gives exactly the results that are not Valid, with their lines, from a file and from piped rows' {
        $lines = [Collections.Generic.List[string]]::new()
        $lines.Add('UserPrincipalName,ImmutableId')
        for ($i = 0; $i -lt 5000; $i++) {
            $value = if ($i % 997 -eq 0) { 'bad!' } else { [Convert]::ToBase64String([guid]::NewGuid().ToByteArray()) }
            $lines.Add("u$i@contoso.com,$value")
        }
        $path = New-Csv 'problems.csv' $lines.ToArray()
        $all = @(Test-ImmutableId -Path $path)
        $expected = @($all | Where-Object { "$($_.Status)" -ne 'Valid' })
        $expected.Count | Should -BeGreaterThan 0
        $problems = @(Test-ImmutableId -Path $path -ProblemsOnly)
        @($problems.Line) | Should -Be @($expected.Line)
        @($problems.UserPrincipalName) | Should -Be @($expected.UserPrincipalName)
        $piped = @(Import-Csv $path | Test-ImmutableId -ProblemsOnly)
        @($piped.Index) | Should -Be @($expected.Index)
        @($piped.UserPrincipalName) | Should -Be @($expected.UserPrincipalName)
    }

    It 'still reports inputs that cannot be checked, in their places' {
        $records = @($I1, [pscustomobject]@{ Name = 'printer' }, 'AAAA', $I2) | Test-ImmutableId -ProblemsOnly 2>&1
        $records.Count | Should -Be 2
        $records[0].FullyQualifiedErrorId | Should -BeLike 'NoAnchorProperty,*'
        $records[0].TargetObject.Name | Should -BeExactly 'printer'
        $records[1].ImmutableId | Should -BeExactly 'AAAA'
        $records[1].Index | Should -Be 2
    }
}

Describe 'ConvertTo-ImmutableId: batches and single values alike' {
    BeforeAll {
        # Seeded GUIDs, with bad values at the edges of the core's 4,096-record batches.
        $rng = [Random]::new(7)
        $bytes = [byte[]]::new(16)
        $script:Inputs = [Collections.Generic.List[object]]::new()
        for ($i = 0; $i -lt 10000; $i++) {
            $rng.NextBytes($bytes)
            $Inputs.Add([guid]::new($bytes))
        }
        foreach ($at in 0, 4095, 4096, 8191, 9999) { $Inputs[$at] = "bad$at" }
        $Inputs[5000] = [guid]::Empty
        $Inputs[5001] = $G1.ToString()
        $Inputs[5002] = [pscustomobject]@{ ObjectGUID = $G1 }
        $script:Expected = foreach ($item in $Inputs) {
            switch ($item) {
                { $_ -is [guid] } { [Convert]::ToBase64String($_.ToByteArray()); break }
                { $_ -is [string] -and $_.StartsWith('bad') } { "error:$_"; break }
                default { $I1 }
            }
        }
        function Format-Outcome($Records) {
            foreach ($record in $Records) {
                if ($record -is [Management.Automation.ErrorRecord]) { "error:$($record.TargetObject)" }
                elseif ($record -is [Management.Automation.WarningRecord]) { 'warning' }
                else { $record }
            }
        }
    }

    It 'converts an array argument in order, each bad item an error in its place' {
        $records = @(ConvertTo-ImmutableId -InputObject $Inputs.ToArray() 2>&1 3>$null)
        @(Format-Outcome $records) | Should -Be @($Expected)
    }

    It 'converts the same items piped one by one' {
        $records = @($Inputs | ConvertTo-ImmutableId 2>&1 3>$null)
        @(Format-Outcome $records) | Should -Be @($Expected)
    }

    It 'gives one error per bad item with the ErrorId, target and message of the core' {
        $errors = @(ConvertTo-ImmutableId -InputObject @($G1, 'bad0', $null, [byte[]](1, 2, 3), $G1) 2>&1 | Where-Object { $_ -is [Management.Automation.ErrorRecord] })
        @($errors.FullyQualifiedErrorId -replace ',.*') | Should -Be @('UnrecognizedFormat', 'EmptyValue', 'WrongByteCount')
        $errors[0].TargetObject | Should -BeExactly 'bad0'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errors[0].Exception.Message | Should -BeLike "'bad0' is not a GUID*"
        @($errors[2].TargetObject) | Should -Be @(1, 2, 3)
    }

    It 'warns about the nil GUID just before its result' {
        $records = @(ConvertTo-ImmutableId -InputObject @($G1, [guid]::Empty, $G1) 3>&1)
        @(Format-Outcome $records) | Should -Be @($I1, 'warning', 'AAAAAAAAAAAAAAAAAAAAAA==', $I1)
        @(Format-Outcome @([guid]::Empty | ConvertTo-ImmutableId 3>&1)) | Should -Be @('warning', 'AAAAAAAAAAAAAAAAAAAAAA==')
    }

    It 'writes plain strings, and -Detailed objects with the GUID and the source' {
        $result = $G1 | ConvertTo-ImmutableId
        $result | Should -BeOfType ([string])
        $result | Should -BeExactly $I1
        $detailed = @(ConvertTo-ImmutableId -InputObject @($G1, [pscustomobject]@{ SamAccountName = 's'; ObjectGUID = $G1 }) -Detailed)
        $detailed[0].Guid | Should -Be $G1
        $detailed[0].Source | Should -BeExactly 'InputObject'
        $detailed[0].Input | Should -Be $G1
        $detailed[1].Source | Should -BeExactly 'ObjectGUID'
        $detailed[1].SamAccountName | Should -BeExactly 's'
    }

    It 'reads a [guid[]] and a list alike' {
        ConvertTo-ImmutableId -InputObject ([guid[]]@($G1, $G1)) | Should -Be @($I1, $I1)
        ConvertTo-ImmutableId -InputObject ([Collections.Generic.List[guid]]@($G1)) | Should -Be $I1
    }
}
