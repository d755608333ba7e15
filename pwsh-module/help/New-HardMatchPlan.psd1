# The written half of New-HardMatchPlan's help; tools/New-ModuleHelp.ps1 adds the syntax,
# parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Plans the hard matches -Mapping asks for: ordered steps with the exact commands, every blocker lifted and put back. Runs nothing.'
    Description  = @(
        'A hard match makes an on-premises AD user take over an existing cloud account (keeping its mailbox and OneDrive) by writing the AD user''s ImmutableId onto it as onPremisesImmutableId. New-HardMatchPlan takes the same inputs as Compare-ImmutableId, checks each pair -Mapping names against every blocker the facts show, and returns the steps of the job in the order they must run: Order, Account, Action, Command (the exact Microsoft Graph PowerShell, ActiveDirectory or ADSync line, with the real values filled in and quoted), Reversible, Reason, Warning, Alternative (another way to do the step) and Unsettled (where Microsoft''s documentation is not settled about the step).'
        'The steps, reversible ones before any that cannot be undone: a Notice per account (what was found, which checks were not made for want of facts, and that on-premises attribute values and the password overwrite the cloud account''s after the match); Entra Connect''s scheduler paused; directory roles removed, a cloud-managed account switched back and a federated UPN moved to the onmicrosoft.com domain (with a password read when the step runs), each where the facts show it; the AD user moved out of sync scope (-OutOfScopeOU) and a sync, so that its synced twin is soft-deleted; the twin checked in the recycle bin; a check that no other account holds the anchor; then the twin purged (irreversible: the identity the user signs in with, with its mailbox, OneDrive, MFA methods, devices and more) or, with -FreeAnchorBy RestoreAndClear, restored under another UPN with its anchor and addresses cleared and checked; onPremisesObjectIdentifier cleared (irreversible; before the purge); the anchor set; the UPN moved back; the tenant''s hard-match block turned off just before the AD user comes back into scope and the sync that matches; a check that the match happened; and everything lifted given back as it was: the block, the roles (a permanent assignment as permanent, a time-bound one with its end, an eligibility with its start and end, an activation through its eligibility), the scheduler.'
        'A pair that cannot be planned safely (a conflict Compare-ImmutableId reports, a missing fact the plan needs, a pairing only proposed by UPN, mail or proxy address) gets one NotPlanned step with the reason, and no command. Nothing is guessed.'
        'The module runs none of these commands and changes no directory. -AsScript returns the plan as the text of a commented script for a person to read and run, for one pair or thousands: the steps of each pair under a header naming both accounts; each step that changes something skipped when its effect is in place; a pair whose step fails stopped alone, with what it lifted given back at once, while the other pairs go on; the block and the scheduler lifted only while a pair needs them and given back in finally; a CSV log of every step, from which a rerun resumes each pair where it stopped, never running an irreversible step twice; and one line per pair at the end, with exit code 1 when a pair failed. -Pair limits a plan to chosen pairs.'
    )
    Parameters   = @{
        OnPremises      = 'The AD users, as Get-ADUser -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses, msExchMailboxGuid, msExchArchiveGuid, msExchRecipientTypeDetails, msExchRemoteRecipientType, legacyExchangeDN returns them, or Import-Csv rows with those columns. The msExch attributes say whether Exchange on-premises holds a mailbox for the user (without them the check OnPremisesMailbox is not made; in a forest without Exchange''s schema, Select-Object *, msExchRecipientTypeDetails adds it empty). DistinguishedName is needed to move a user out of sync scope and back. Accepts pipeline input.'
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
        SourceAnchor    = 'The tenant''s sourceAnchor: which property of an AD user Entra Connect makes its anchor from. ConsistencyGuid (the default, and Entra Connect''s choice since 1.1.524 with the default settings): mS-DS-ConsistencyGuid when it is set, else objectGUID. ObjectGUID (older installs, or a custom choice): objectGUID always; mS-DS-ConsistencyGuid is ignored, so one that differs from the objectGUID is no Conflict. Or the LDAP name of another attribute (msDS-SourceAnchor, employeeID...): its string value is the anchor as it is, a binary value the Base64 of its bytes, a [guid] its ImmutableId; read it with the users (Get-ADUser -Properties employeeID), and -OnPremisesPath files must have a column of that name. A user whose attribute is empty has no anchor: it is NotSynced with the finding SourceAnchorEmpty. AnchorSource says which property each anchor came from. Tab completion offers ConsistencyGuid and ObjectGUID; any other name must be an LDAP attribute name (a letter, then letters, digits and hyphens), else the cmdlet stops with the error InvalidSourceAnchor.'
        RoleAssignment  = 'Directory roles, as PIM''s Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance and Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance return them (-ExpandProperty RoleDefinition): they say whether an active role is permanent, time-bound or an activation, and when it starts and ends, so each is given back exactly as it was. Plain Get-MgRoleManagementDirectoryRoleAssignment records do not say: the check RoleKinds is then not made, and nothing is purged. Include the roles of groups (all roles, unfiltered) so that -GroupMembership can find roles held through them.'
        Mailbox         = 'The Exchange Online mailboxes of the accounts to keep and of the twins, as Get-EXOMailbox -Properties ExchangeGuid, ArchiveGuid, LegacyExchangeDN, IsInactiveMailbox returns them (add Get-EXOMailbox -SoftDeletedMailbox for twins in the recycle bin, and TotalItemSize from Get-EXOMailboxStatistics to have a twin''s mailbox size named in the purge warning). ExternalDirectoryObjectId links a mailbox to its Entra user. With it the plan keeps the mailbox: it adds the cloud mailbox''s addresses and X500:<LegacyExchangeDN> to the AD user, makes the AD user the remote mailbox of the cloud mailbox where Exchange runs on-premises (the AD records carry msExch attributes), refuses a pair whose AD user has an on-premises mailbox, and checks the mailbox after the match. Without it, the check Mailboxes is not made and nothing is purged; -Mailbox @() says the tenant has no cloud mailbox.'
        MailboxPath     = 'CSV exports of -Mailbox records (Get-EXOMailbox ... | Select-Object ExternalDirectoryObjectId, ExchangeGuid, ArchiveGuid, LegacyExchangeDN, PrimarySmtpAddress, @{ n = ''EmailAddresses''; e = { $_.EmailAddresses -join '';'' } } | Export-Csv), read by the native core.'
        GroupMembership = 'The groups the accounts to keep are members of: Get-MgUserTransitiveMemberOf -UserId <id> -All, with the user''s id added as PrincipalId (or records with PrincipalId and GroupId). A role held through a group is found, and the pair is not planned (a plan does not change a group''s members). Without it, the check RolesThroughGroups is not made, and nothing is purged. -GroupMembership @() says the accounts are in no group.'
        Route           = 'Which way each pair''s anchor goes. Auto (the default): where the account to keep already holds an anchor that no AD user (and no soft-deleted account) holds, the AD user adopts it (AdoptAnchor), else the anchor moves (MoveAnchor); the pair''s Notice says which and why. MoveAnchor: the account to keep takes the AD user''s anchor (Update-MgUser -OnPremisesImmutableId), freeing it from a twin and lifting the tenant''s block as needed. AdoptAnchor: the anchor''s 16 bytes go into the AD user''s mS-DS-ConsistencyGuid (Set-ADUser -Replace with a [byte[]] literal), and nothing changes in the cloud; a pair that cannot adopt (the tenant does not anchor on mS-DS-ConsistencyGuid, the anchor is not 16 bytes, an AD user or a soft-deleted account holds it) is not planned, with the reason. A user that is synced or has another mS-DS-ConsistencyGuid leaves sync scope while it adopts (-OutOfScopeOU).'
        Pair            = 'Plans only the pairs these names pick: either account''s sAMAccountName, UPN, DN or objectGUID on-premises, or UPN or object id in the cloud, in any letter case. A name that picks no pair is said in a notice step. Use it to run a large job in batches (a few hundred pairs at a time stays under Entra Connect''s accidental-deletion threshold), or to plan again for the pairs that failed.'
        Server          = 'The domain controller the ActiveDirectory commands go to (-Server on Move-ADObject): the one Entra Connect reads. Without it the sync steps say to wait until the moves have replicated.'
        OutOfScopeOU    = 'The distinguished name of an OU that Entra Connect does not sync. An AD user whose synced twin holds its anchor waits there while the anchor moves. It must read as a DN (OU=...,DC=...), and it is compared with the user''s own OU ignoring case and spaces around separators: a value that is no DN, or the user''s own OU, stops that pair with the reason. Without it, such users are not planned.'
        SyncEngine      = 'How the syncs run: ConnectSync (Start-ADSyncSyncCycle -PolicyType Delta on the Entra Connect server; the default) or CloudSync (Entra Cloud Sync picks changes up on its own; the step waits).'
        FreeAnchorBy    = 'How to free an anchor a soft-deleted twin holds: Purge (the default; irreversible, the twin''s mailbox and files are lost; runs only when every check was made; restore-and-clear is shown as the alternative) or RestoreAndClear (restore the twin under a UPN on the initial domain, clear its onPremisesImmutableId, give up its SMTP addresses and check it holds nothing the AD user brings; purging is shown as the alternative). The recycle bin keeps a twin 30 days.'
        AsScript        = 'Returns the plan as the text of a PowerShell script (Windows PowerShell 5.1 and PowerShell 7): the scopes and roles it needs and a Connect-MgGraph with exactly those scopes; the steps of each pair under a header naming both accounts, each commented with its reason, warnings and alternatives, and each that changes something with the check that skips it when its effect is in place; a -ConnectServer parameter for Entra Connect''s ADSync commands (run there by remoting; without it, here when the ADSync module is here, else you are asked to run them), -LogPath (the CSV log: time, pair, step, action, result, message; by default beside the script) and -Pair (the pair numbers to run). A pair whose step fails stops alone and gives back what it lifted; the others go on; the block and the scheduler are given back in finally. It ends with one line per pair and exits with 1 when a pair failed or stopped. Run it again after fixing the cause: each pair resumes where the log says it stopped. Save it with Set-Content, read it, and run it.'
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
        'The anchor written is the one the tenant''s sourceAnchor makes (-SourceAnchor): give ObjectGUID for a tenant that anchors on objectGUID, or the attribute it anchors on, else a user with a stray mS-DS-ConsistencyGuid is reported as a Conflict and not planned. An anchor Microsoft Graph refuses ($ or _ in an attribute''s value) is not planned.'
        'Since 2026 Entra refuses a hard match onto an account with onPremisesObjectIdentifier set or holding (or eligible for) a privileged role; Microsoft''s documentation and its message center disagree on which roles count, so every role is treated as a blocker. about_ImmutableId explains the job and its traps.'
    )
    Examples     = @(
        @{
            Title   = 'Plan one takeover, with every fact checked'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses, msExchMailboxGuid, msExchArchiveGuid, msExchRecipientTypeDetails, msExchRemoteRecipientType, legacyExchangeDN
$cloud = Get-MgBetaUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled, OnPremisesObjectIdentifier
$mapping = @{ OnPremises = 'carol'; Cloud = 'carol@contoso.com' }
# Per-user facts for the accounts to keep only: one call each, not one per user of the tenant.
$target = $cloud | Where-Object UserPrincipalName -eq $mapping.Cloud
$target.OnPremisesSyncBehavior = Get-MgUserOnPremiseSyncBehavior -UserId $target.Id
$facts = @{
    Deleted         = Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId
    Domain          = Get-MgDomain -All
    Synchronization = Get-MgDirectoryOnPremiseSynchronization
    RoleAssignment  = @(Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance -All -ExpandProperty RoleDefinition) +
                      @(Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance -All -ExpandProperty RoleDefinition)
    GroupMembership = @(Get-MgUserTransitiveMemberOf -UserId $target.Id -All | Select-Object @{ n = 'PrincipalId'; e = { $target.Id } }, Id)
    Mailbox         = @(Get-EXOMailbox -ExternalDirectoryObjectId $target.Id -Properties ExchangeGuid, ArchiveGuid, LegacyExchangeDN, IsInactiveMailbox)
}
New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud @facts -Mapping $mapping
'@
            Output  = @'
Order Account                              Action                 Undo Command
----- -------                              ------                 ---- -------
    1 carol -> carol@contoso.com           Notice                 yes  # -Mapping[0] says carol tak…
    2 (tenant)                             PauseScheduler         yes  Set-ADSyncScheduler -SyncCyc…
    3 carol -> carol@contoso.com           AddProxyAddresses      yes  $user = Get-ADUser -Identity…
    4 carol -> carol@contoso.com           CheckNoHolder          yes  $freed = @(); $holders = @((…
    5 carol -> carol@contoso.com           SetAnchor              yes  Update-MgUser -UserId '2e8d4…
    6 (tenant)                             TenantSwitchOff        yes  Update-MgDirectoryOnPremiseS…
    7 (tenant)                             Sync                   yes  Start-ADSyncSyncCycle -Polic…
    8 carol -> carol@contoso.com           VerifyMatch            yes  $user = Get-MgUser -UserId '…
    9 (tenant)                             TenantSwitchOn         yes  Update-MgDirectoryOnPremiseS…
   10 carol -> carol@contoso.com           VerifyMailbox          yes  $mailbox = Get-EXOMailbox -E…
   11 (tenant)                             ResumeScheduler        yes  Set-ADSyncScheduler -SyncCyc…
'@
            Remarks = 'carol''s AD user takes over her cloud-only account. She has no synced twin, so she stays in sync scope; the tenant blocks hard matches, so the block is lifted only around the sync that matches and put back, and Entra Connect''s scheduler is paused meanwhile. Her cloud mailbox stays hers: step 3 adds to her AD user the X500 address of its LegacyExchangeDN (and any address AD lacks), and step 10 checks after the match that the mailbox is still there with its ExchangeGuid and that she has no provisioning error. Per-user facts (onPremisesSyncBehavior, group memberships, the mailbox) are asked for the account to keep only. The commands name carol''s AD user by her objectGUID (0b7e9c4d-6a21-4f3e-b5d8-92c1e7a4f603) and her cloud account by its object id (2e8d4b6f-0a1c-4e3b-9d5f-7c8e0a2b4d6f); Format-List shows each step''s Command, Reason and Warning in full.'
        }
        @{
            Title   = 'The plan as a script to read and run'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
$mapping = @{ OnPremises = 'carol'; Cloud = 'carol@contoso.com' }
New-HardMatchPlan -OnPremises $onPremises -Cloud $cloud -Mapping $mapping -AsScript | Set-Content -Path .\carol-hardmatch.ps1
'@
            Remarks = 'The script names the Graph scopes and Entra roles its steps need, connects with those scopes and checks they were granted; it says before each step why it runs, skips a step whose effect is in place, lets a failing pair stop alone and gives back in its finally block whatever it lifted. Run it with -ConnectServer <name> to send Entra Connect''s commands there (without it, it asks for them to be run on the Connect server), try it on one pair first with -Pair 1, and keep its log (carol-hardmatch.log.csv beside it): run it again after a failure and each pair resumes where it stopped. The module writes no file itself.'
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
