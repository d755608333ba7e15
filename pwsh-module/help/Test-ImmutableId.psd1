# The written half of Test-ImmutableId's help; tools/New-ModuleHelp.ps1 adds the syntax,
# parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Checks many ImmutableIds at once, before any is written to the cloud.'
    Description  = @(
        'Checks ImmutableId values (onPremisesImmutableId) before they are written to Entra ID, or as they are there, and returns one result per value, in input order: the value (ImmutableId), its Status, its Reasons with one sentence per reason on how to fix it (Messages), the GUID it stands for, the GUID it should stand for (ExpectedGuid, and ExpectedGuidSource, where that came from), a Suggestion (the value to write instead, when one can be worked out), its Index among all inputs (0-based), its Line and Path when it was read from a file, and the other records sharing the value (Duplicates, DuplicateCount). Every other property of an input record, or column of a CSV row, is carried into its result, so each result can be matched to its user.'
        'Status is Valid; Warning (a legitimate value worth a look: not GUID-based, a plain string, a case-only duplicate, letters all of one case, the all-zero GUID); Invalid (must not be written as it is); or NoAnchor (the record''s anchor property is empty: a cloud-only account, or one never synced, which is not a bad value). An input that cannot hold an ImmutableId at all (a byte array, a [guid], a record with none of the properties) is not checked: it gives a non-terminating error, and -Summary counts it as NotChecked.'
        'The checks are those Graph and Entra Connect apply, and the mistakes people make: the Base64 alphabet, length and padding; the URL-safe alphabet; $ and _, which Graph refuses; white space, quotes, zero-width characters and byte order marks pasted with the value; non-canonical padding bits; a GUID or its hex pasted where the ImmutableId belongs (32 bare hex digits, which read as an N-form GUID or as the bytes in stored order, are AmbiguousHex with both readings named, until the GUID the value must stand for is one of them); Base64 of the GUID''s text; letters all changed to one case; exact and case-only duplicates across all the input; and, where the on-premises GUID is known (-ExpectedGuid, or each record''s mS-DS-ConsistencyGuid when set, else its ObjectGUID), whether the value is its ImmutableId, naming the mistake of writing the GUID''s bytes in big-endian order. about_ImmutableId lists every reason code.'
        'Values are read by property name from records (Get-MgUser objects, Invoke-MgGraphRequest hashtables, Import-Csv rows): the first of ImmutableId, OnPremisesImmutableId and SourceAnchor. -Path and -LiteralPath read CSV files in the native core (UTF-8 with or without BOM, or UTF-16 with BOM), much faster than Import-Csv; files piped from Get-ChildItem are read the same way. A problem with a file (not found, unreadable, not CSV, a missing column, binary content, a row with too many cells, an unclosed quote, a line over 1 MiB) is one terminating error that names the file, never a partial result.'
        '-Summary returns counts per status and per reason instead, and its memory grows with the number of distinct values, not of records; its Reasons reads as ''NotGuidBased 1, Duplicate 2'' where it becomes text (Export-Csv). -Quiet returns only $true or $false, for a guard before a change.'
    )
    Parameters   = @{
        InputObject        = 'ImmutableId strings, an array of them, or records (Get-MgUser objects, Invoke-MgGraphRequest hashtables, Import-Csv rows) whose ImmutableId, OnPremisesImmutableId or SourceAnchor is checked and whose mS-DS-ConsistencyGuid (when set) or ObjectGUID is the GUID it must stand for. Files (Get-ChildItem output) are read as CSV, as with -LiteralPath.'
        ExpectedGuid       = 'The on-premises GUID each value must stand for: a [guid], GUID text, hex, or a 16-byte mS-DS-ConsistencyGuid. One GUID applies to every value; an array pairs with the values element by element ($null where there is none), whether they are piped or given as an -InputObject array; counts that pair neither way are refused with the error ExpectedGuidCountMismatch. It wins over the records'' own GUID properties.'
        Path               = 'CSV files to read; wildcards are allowed, and a pattern may match several files. A pattern that matches nothing but names a file literally reads that file; use -LiteralPath for names with [ or ]. Files must be on the file system (NotAFileSystemPath otherwise).'
        LiteralPath        = 'CSV files, named exactly: no character is a wildcard, so ''users [EU].csv'' is that file. (Files piped from Get-ChildItem are read through -InputObject.)'
        Column             = 'The column holding the values. By default, the first of ImmutableId, OnPremisesImmutableId and SourceAnchor that the file has. A column the file lacks stops the cmdlet with the error ColumnNotFound.'
        ExpectedGuidColumn = 'The column holding each row''s on-premises GUID. By default, each row''s mS-DS-ConsistencyGuid when it is set, else its ObjectGUID, when the file has those columns (or what -SourceAnchor names).'
        Delimiter          = 'The character between fields: a comma by default; a semicolon for CSV files Excel saves in many locales; a tab for tab-separated files.'
        Summary            = 'Returns one ImmutableIdTestSummary instead of the results: the number of values that are Valid, Warning, Invalid, NoAnchor and NotChecked, and of each reason. Duplicates are still found across all the input.'
        Quiet              = 'Returns only $true or $false: $true when there was input, every input was checked, and every value is Valid. Warnings and NoAnchor records count as failures unless -AllowWarning or -AllowNoAnchor lets them pass. With no input, it warns and returns $false.'
        AllowWarning       = 'With -Quiet, lets values with a Warning pass: for tenants whose anchors are legitimately not GUID-based.'
        AllowNoAnchor      = 'With -Quiet, lets records without an anchor (cloud-only accounts) pass.'
        ProblemsOnly       = 'Returns only the results that are not Valid.'
        SourceAnchor       = 'The tenant''s sourceAnchor, which says what each record''s value must be. ConsistencyGuid (the default): the ImmutableId of its mS-DS-ConsistencyGuid when set, else of its ObjectGUID. ObjectGUID: of its ObjectGUID, whatever its mS-DS-ConsistencyGuid. Or the LDAP name of another attribute (msDS-SourceAnchor, employeeID...): its string value exactly (a binary value''s Base64, a [guid]''s ImmutableId); a value that is not it is Invalid with GuidMismatch and the attribute''s value as the Suggestion, and ExpectedGuidSource names the attribute. Files are read by the column of that name. -ExpectedGuid and -ExpectedGuidColumn still win. Tab completion offers ConsistencyGuid and ObjectGUID; any other name must be an LDAP attribute name, else the cmdlet stops with the error InvalidSourceAnchor.'
    }
    Inputs       = @(
        @{ Type = 'System.String'; Description = 'An ImmutableId.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A record, such as Get-MgUser output or an Import-Csv row, with an ImmutableId, OnPremisesImmutableId or SourceAnchor property, and optionally mS-DS-ConsistencyGuid or ObjectGUID.' }
        @{ Type = 'System.Collections.IDictionary'; Description = 'A hashtable with those keys, such as a user from Invoke-MgGraphRequest.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'A CSV file, such as Get-ChildItem returns.' }
    )
    Outputs      = @(
        @{ Type = 'ImmutableId.Model.ImmutableIdTestResult'; Description = 'By default: one result per value, in input order, with the input record''s other properties (or the CSV row''s other columns) added.' }
        @{ Type = 'ImmutableId.Model.ImmutableIdTestSummary'; Description = 'With -Summary: the counts.' }
        @{ Type = 'System.Boolean'; Description = 'With -Quiet: whether everything passed.' }
    )
    Examples     = @(
        @{
            Title   = 'Check a hard-match file before using it'
            Code    = 'Test-ImmutableId -Path .\hardmatch.csv -ProblemsOnly'
            Output  = @'
    At Status     ImmutableId              Suggestion               Reasons
    -- ------     -----------              ----------               -------
     3 Invalid    TZx+CyFqPk+12JLB56T2Aw=… TZx+CyFqPk+12JLB56T2Aw== SurroundingWhiteSpace
     4 Invalid    wtTm+Bo7TF2Of5oLHC0+Tw== +ObUwjsaXUyOf5oLHC0+Tw== BigEndianByteOrder
'@
            Remarks = 'At is the line in the file. carol''s value has a space pasted after it, and dave''s holds his GUID''s bytes in big-endian order; the Suggestion is the value to write instead.'
        }
        @{
            Title   = 'Why, and for whom'
            Code    = @'
Test-ImmutableId -Path .\hardmatch.csv -ProblemsOnly |
    Format-List UserPrincipalName, Status, Messages, Suggestion
'@
            Output  = @'
UserPrincipalName : carol@contoso.com
Status            : Invalid
Messages          : {'TZx+CyFqPk+12JLB56T2Aw== ' has white space before or after it; Entra stores th
                    e value as written, so it would match no on-premises object. Remove it.}
Suggestion        : TZx+CyFqPk+12JLB56T2Aw==

UserPrincipalName : dave@contoso.com
Status            : Invalid
Messages          : {'wtTm+Bo7TF2Of5oLHC0+Tw==' holds the bytes of GUID c2d4e6f8-1a3b-4c5d-8e7f-9a0b
                    1c2d3e4f in big-endian (RFC 4122) order, as Python's uuid.bytes, MySQL's UNHEX o
                    r Java produce them, not in the Guid.ToByteArray() order Entra Connect uses, so
                    it matches no on-premises object. The ImmutableId of c2d4e6f8-1a3b-4c5d-8e7f-9a0
                    b1c2d3e4f is +ObUwjsaXUyOf5oLHC0+Tw==.}
Suggestion        : +ObUwjsaXUyOf5oLHC0+Tw==
'@
            Remarks = 'The columns of each row (UserPrincipalName here) are carried into its result, and Messages says how to fix each problem.'
        }
        @{
            Title   = 'A whole tenant''s anchors'
            Code    = 'Get-MgUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId | Test-ImmutableId -Summary'
            Output  = @'
Total      : 5
Valid      : 3
Warning    : 1
Invalid    : 0
NoAnchor   : 1
NotChecked : 0
Reasons    : NotGuidBased 1
'@
            Remarks = 'carol is a cloud-only account (NoAnchor), and erin''s anchor is not GUID-based (a Warning). dave''s value is well-formed, so only a check against his AD user (the next example) shows that it is wrong.'
        }
        @{
            Title   = 'Check the cloud against AD'
            Code    = @'
$onPremises = @{}
Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId -Detailed |
    ForEach-Object { $onPremises[$_.UserPrincipalName] = $_.Guid }
$users = Get-MgUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId |
    Where-Object { $onPremises.ContainsKey($_.UserPrincipalName) }
$expected = $users | ForEach-Object { $onPremises[$_.UserPrincipalName] }
Test-ImmutableId -InputObject $users -ExpectedGuid $expected -ProblemsOnly |
    Format-Table UserPrincipalName, Status, Suggestion
'@
            Output  = @'
UserPrincipalName   Status Suggestion
-----------------   ------ ----------
carol@contoso.com NoAnchor
dave@contoso.com   Invalid +ObUwjsaXUyOf5oLHC0+Tw==
'@
            Remarks = 'Each cloud account is checked against the GUID Entra Connect uses for its AD user (-ExpectedGuid pairs with -InputObject element by element). carol has no anchor yet; dave''s is his GUID in the wrong byte order.'
        }
        @{
            Title   = 'A tenant that anchors on employeeID'
            Code    = @'
$users = @(
    [pscustomobject]@{ UserPrincipalName = 'gina@contoso.com'; OnPremisesImmutableId = 'E1234'; employeeID = 'E1234' }
    [pscustomobject]@{ UserPrincipalName = 'hugo@contoso.com'; OnPremisesImmutableId = 'E1253'; employeeID = 'E1235' }
)
$users | Test-ImmutableId -SourceAnchor employeeID | Format-Table UserPrincipalName, Status, Reasons, Suggestion
'@
            Output  = @'
UserPrincipalName  Status Reasons                     Suggestion
-----------------  ------ -------                     ----------
gina@contoso.com  Warning {PlainString}
hugo@contoso.com  Invalid {PlainString, GuidMismatch} E1235
'@
            Remarks = 'Each record joins a cloud account''s value to its AD user''s employeeID, the attribute the tenant anchors on: a value must be exactly that attribute''s. gina''s is (a plain string anchor is legitimate, and a Warning says so; -Quiet -AllowWarning lets it pass); hugo''s digits are swapped, and the Suggestion is his employeeID.'
        }
        @{
            Title   = 'A guard before writing'
            Code    = @'
if (Test-ImmutableId -Path .\hardmatch.csv -Quiet) {
    Import-Csv .\hardmatch.csv |
        ForEach-Object { Update-MgUser -UserId $_.UserPrincipalName -OnPremisesImmutableId $_.ImmutableId }
}
else {
    Write-Warning 'hardmatch.csv has problems; see Test-ImmutableId -Path .\hardmatch.csv -ProblemsOnly'
}
'@
            Output  = 'WARNING: hardmatch.csv has problems; see Test-ImmutableId -Path .\hardmatch.csv -ProblemsOnly'
            Remarks = 'Nothing is written unless every value is Valid.'
        }
        @{
            Title   = 'An Excel export'
            Code    = @'
Test-ImmutableId -LiteralPath '.\users [EU].csv' -Delimiter ';' -ExpectedGuidColumn objectGUID |
    Format-Table userPrincipalName, Status, Suggestion
'@
            Output  = @'
userPrincipalName  Status Suggestion
-----------------  ------ ----------
alice@contoso.com   Valid
dave@contoso.com  Invalid +ObUwjsaXUyOf5oLHC0+Tw==
'@
            Remarks = 'A semicolon-separated file whose name holds brackets (with -Path they would be a wildcard). Its onPremisesImmutableId column is found by name; its objectGUID column gives the GUID each value must stand for.'
        }
        @{
            Title   = 'Several files at once'
            Code    = 'Get-ChildItem -Filter hardmatch*.csv | Test-ImmutableId -Summary'
            Output  = @'
Total      : 5
Valid      : 2
Warning    : 1
Invalid    : 2
NoAnchor   : 0
NotChecked : 0
Reasons    : SurroundingWhiteSpace 1, NotGuidBased 1, BigEndianByteOrder 1
'@
            Remarks = 'Files piped from Get-ChildItem are read as CSV; duplicates are found across all of them.'
        }
        @{
            Title   = 'Tenants with anchors that are not GUID-based'
            Code    = @'
Test-ImmutableId -Path .\hardmatch-emea.csv -Quiet
Test-ImmutableId -Path .\hardmatch-emea.csv -Quiet -AllowWarning
'@
            Output  = @'
False
True
'@
            Remarks = 'erin''s anchor is valid Base64 that is not a GUID (a Warning): -AllowWarning lets it pass.'
        }
    )
    RelatedLinks = @(
        @{ Text = 'ConvertTo-ImmutableId' }
        @{ Text = 'ConvertFrom-ImmutableId' }
        @{ Text = 'about_ImmutableId' }
    )
}
