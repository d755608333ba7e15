# The written half of New-HardMatchPlan's help; tools/New-ModuleHelp.ps1 adds the syntax,
# parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Plans the hard matches -Mapping asks for: ordered steps with the exact commands, every blocker lifted and put back. Runs nothing.'
    Description  = @(
        'A hard match makes an on-premises AD user take over an existing cloud account (keeping its mailbox and OneDrive) by writing the AD user''s ImmutableId onto it as onPremisesImmutableId. New-HardMatchPlan takes the same inputs as Compare-ImmutableId, checks each pair -Mapping names against every blocker the facts show, and returns the steps of the job in the order they must run: Order, Account, Action, Command (the exact Microsoft Graph PowerShell, ActiveDirectory or ADSync line, with the real values filled in and quoted), Reversible, Reason, Warning, Alternative (another way to do the step) and Unsettled (where Microsoft''s documentation is not settled about the step).'
        'The steps: a Notice per account (what was found, which checks were not made for want of facts, and that on-premises attribute values and the password overwrite the cloud account''s after the match); the tenant''s hard-match block turned off; onPremisesObjectIdentifier cleared, directory roles removed and a cloud-managed account switched back, each where the facts show it; the AD user moved out of sync scope (-OutOfScopeOU) and a sync, so that its synced twin is soft-deleted; the twin checked in the recycle bin, then purged (irreversible: its mailbox and files are gone) or, with -FreeAnchorBy RestoreAndClear, restored with its anchor cleared; a federated UPN moved to the onmicrosoft.com domain meanwhile; a check that no account holds the anchor; the anchor set; the UPN moved back; the AD user back in its OU; a sync; a check that the match happened; the roles given back; and the block turned back on.'
        'A pair that cannot be planned safely (a conflict Compare-ImmutableId reports, a missing fact the plan needs, a pairing only proposed by UPN, mail or proxy address) gets one NotPlanned step with the reason, and no command. Nothing is guessed.'
        'The module runs none of these commands and changes no directory. -AsScript returns the plan as the text of a commented script that stops at the first step that fails, for a person to read and run.'
    )
    Parameters   = @{
        OnPremises      = 'The AD users, as Get-ADUser -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses returns them, or Import-Csv rows with those columns. DistinguishedName is needed to move a user out of sync scope and back. Accepts pipeline input.'
        Cloud           = 'The cloud users, as Get-MgBetaUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled, OnPremisesObjectIdentifier returns them, as Invoke-MgGraphRequest hashtables, or as Import-Csv rows. Add an OnPremisesSyncBehavior property (Get-MgUserOnPremiseSyncBehavior) to have the cloud-managed state checked.'
        Deleted         = 'The soft-deleted users, as Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId returns them: one may still hold the anchor to move.'
        Mapping         = 'The pairs to plan: objects, hashtables or Import-Csv rows with OnPremises (sAMAccountName, DOMAIN\sam, UPN, DN or GUID of the AD user) and Cloud (UPN or object id of the cloud account to keep). Without it, nothing is planned: each pair proposed by UPN, mail or proxy address says which row would confirm it.'
        Domain          = 'The tenant''s domains (Get-MgDomain): a cloud account whose UPN is on a federated domain must move to the initial (onmicrosoft.com) domain while its anchor is set.'
        Synchronization = 'The object Get-MgDirectoryOnPremiseSynchronization returns: its Id and Features, to turn BlockCloudObjectTakeoverThroughHardMatchEnabled off for the match and back on afterwards.'
        OnPremisesPath  = 'CSV exports of on-premises users (Get-ADUser ... | Export-Csv), read by the native core: for large tenants, much faster than Import-Csv. Columns are found by the names -OnPremises reads, whatever their case. Read after -OnPremises. A record that cannot be used is a non-terminating error naming its file and line; a problem with a file as a whole (not found, not CSV, no known column, a ragged row) stops the cmdlet, naming the file.'
        CloudPath       = 'CSV exports of cloud users (Get-MgUser ... | Export-Csv), read by the native core as -OnPremisesPath is. Read after -Cloud.'
        DeletedPath     = 'CSV exports of soft-deleted users (Get-MgDirectoryDeletedItemAsUser ... | Export-Csv), read by the native core.'
        MappingPath     = 'CSV files of -Mapping rows (columns OnPremises and Cloud), read by the native core.'
        Delimiter       = 'The delimiter of the files the -...Path parameters name: a comma by default; a semicolon for CSV files Excel saves in many locales; a tab for tab-separated files.'
        RoleAssignment  = 'Directory role assignments and eligibilities (Get-MgRoleManagementDirectoryRoleAssignment, Get-MgRoleManagementDirectoryRoleEligibilitySchedule, with -ExpandProperty RoleDefinition): roles of the account to keep are removed for the match and given back afterwards; an eligibility comes back with the end its ScheduleInfo.Expiration (or an instance''s EndDateTime) gives, and the step warns when the input does not say.'
        OutOfScopeOU    = 'The distinguished name of an OU that Entra Connect does not sync. An AD user whose synced twin holds its anchor waits there while the anchor moves. Without it, such users are not planned.'
        SyncEngine      = 'How the syncs run: ConnectSync (Start-ADSyncSyncCycle -PolicyType Delta on the Entra Connect server; the default) or CloudSync (Entra Cloud Sync picks changes up on its own; the step waits).'
        FreeAnchorBy    = 'How to free an anchor a soft-deleted twin holds: Purge (the default; irreversible, the twin''s mailbox and files are lost; restore-and-clear is shown as the alternative) or RestoreAndClear (restore the twin and clear its onPremisesImmutableId; purging is shown as the alternative).'
        AsScript        = 'Returns the plan as the text of a PowerShell script: each step commented with its reason, warnings and alternatives, stopping at the first failure. Save it with Set-Content, read it, and run it step by step.'
    }
    Inputs       = @(
        @{ Type = 'System.Object'; Description = 'On-premises users (-OnPremises), such as Get-ADUser output or Import-Csv rows.' }
    )
    Outputs      = @(
        @{ Type = 'ImmutableId.Model.HardMatchStep'; Description = 'The steps, in the order they run. With nothing to plan (no account, no -Mapping, or no usable -Mapping row), none, and a warning that says why.' }
        @{ Type = 'System.String'; Description = 'With -AsScript: the text of the script.' }
    )
    Notes        = @(
        'After the match, every attribute with a value on-premises overwrites the cloud account''s, and password hash sync overwrites its password.'
        'Since 2026 Entra refuses a hard match onto an account with onPremisesObjectIdentifier set or holding (or eligible for) a privileged role; Microsoft''s documentation and its message center disagree on which roles count, so every role is treated as a blocker. about_ImmutableId explains the job and its traps.'
    )
    Examples     = @(
        @{
            Title   = 'Plan one takeover, with every fact checked'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses
$cloud = Get-MgBetaUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled, OnPremisesObjectIdentifier
foreach ($user in $cloud) { $user | Add-Member OnPremisesSyncBehavior (Get-MgUserOnPremiseSyncBehavior -UserId $user.Id) }
$facts = @{
    Deleted         = Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId
    Domain          = Get-MgDomain -All
    Synchronization = Get-MgDirectoryOnPremiseSynchronization
    RoleAssignment  = @(Get-MgRoleManagementDirectoryRoleAssignment -All -ExpandProperty RoleDefinition) +
                      @(Get-MgRoleManagementDirectoryRoleEligibilitySchedule -All -ExpandProperty RoleDefinition)
}
New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud @facts -Mapping @{ OnPremises = 'carol'; Cloud = 'carol@contoso.com' }
'@
            Output  = @'
Order Action                 Undo Command
----- ------                 ---- -------
    1 Notice                 yes  # -Mapping[0] says carol takes over carol@contoso.com. BlockCloud…
    2 TenantSwitchOff        yes  Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySy…
    3 CheckNoHolder          yes  $holders = @((Invoke-MgGraphRequest -Method GET -Uri 'https://gra…
    4 SetAnchor              yes  Update-MgUser -UserId '2e8d4b6f-0a1c-4e3b-9d5f-7c8e0a2b4d6f' -OnP…
    5 Sync                   yes  Start-ADSyncSyncCycle -PolicyType Delta
    6 VerifyMatch            yes  $user = Get-MgUser -UserId '2e8d4b6f-0a1c-4e3b-9d5f-7c8e0a2b4d6f'…
    7 TenantSwitchOn         yes  Update-MgDirectoryOnPremiseSynchronization -OnPremisesDirectorySy…
'@
            Remarks = 'carol''s AD user takes over her cloud-only account. She has no synced twin, so she stays in sync scope; the tenant blocks hard matches, so the block is lifted for the match and put back. Format-List shows each step''s Command, Reason and Warning in full.'
        }
        @{
            Title   = 'The plan as a script to read and run'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
$mapping = @{ OnPremises = 'carol'; Cloud = 'carol@contoso.com' }
New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud -Mapping $mapping -AsScript | Set-Content -Path .\carol-hardmatch.ps1
'@
            Remarks = 'The script stops at the first step that fails ($ErrorActionPreference = ''Stop''), says before each step why it runs, and asks for each Entra Connect sync to be run on its server. The module writes no file itself.'
        }
        @{
            Title   = 'Without -Mapping, nothing is planned'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud | Format-List Account, Action, Reason
'@
            Output  = @'
Account : carol -> carol@contoso.com
Action  : NotPlanned
Reason  : Proposed, not given: carol and carol@contoso.com have the same user principal name. Confir
          m it with -Mapping before acting on it. A plan is made only for pairs -Mapping names: if t
          his pairing is right, add @{ OnPremises = 'carol'; Cloud = 'carol@contoso.com' } to -Mappi
          ng and plan again.

Account : dave -> dave@contoso.com
Action  : NotPlanned
Reason  : Proposed, not given: dave and dave@contoso.com have the same user principal name. Confirm
          it with -Mapping before acting on it. A plan is made only for pairs -Mapping names: if thi
          s pairing is right, add @{ OnPremises = 'dave'; Cloud = 'dave@contoso.com' } to -Mapping a
          nd plan again.
'@
            Remarks = 'A pairing by name is a guess, and a wrong one joins a person to someone else''s mailbox: each proposal says which -Mapping row would confirm it.'
        }
    )
    RelatedLinks = @(
        @{ Text = 'Compare-ImmutableId' }
        @{ Text = 'Test-ImmutableId' }
        @{ Text = 'about_ImmutableId' }
    )
}
