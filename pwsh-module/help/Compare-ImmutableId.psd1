# The written half of Compare-ImmutableId's help; tools/New-ModuleHelp.ps1 adds the syntax,
# parameter attributes and types from the cmdlet itself.
@{
    Synopsis     = 'Reconciles on-premises AD users with Entra ID accounts through their anchors: one result per account, with its status and the findings behind it.'
    Description  = @(
        'Joins the on-premises users (-OnPremises: Get-ADUser output, Import-Csv rows) with the cloud users (-Cloud: Get-MgUser output, Invoke-MgGraphRequest hashtables, Import-Csv rows) and, when given, the soft-deleted users (-Deleted), through the sourceAnchor Entra Connect uses: the ImmutableId of each AD user''s mS-DS-ConsistencyGuid when it is set, else of its objectGUID, against each cloud account''s onPremisesImmutableId. It reads only what it is given; it never contacts AD or Graph.'
        'It returns exactly one result per account, on-premises accounts first, then cloud, then soft-deleted, each in input order: Side, Account (sAMAccountName or UPN), Status, Anchor, AnchorSource (the property an on-premises anchor is made from), Counterpart (the account it is matched or paired with), Findings (codes) with one sentence each in Messages, NotChecked (checks not made for want of facts) and Input (the record itself).'
        'Status is Matched (a cloud account holds the on-premises account''s anchor); NotSynced (none does); HardMatchCandidate (an on-premises account is to take over a cloud account: named in -Mapping, or proposed because the two share a UPN, a mail address or an SMTP proxy address, which is said to be a proposal); CloudOnly (a cloud account without an anchor, which is not a fault); Orphan (a cloud anchor that no given on-premises account makes); Conflict (something a person must resolve before anything is written); or SoftDeleted (a user in the recycle bin).'
        'Findings name duplicates (two accounts, active or soft-deleted, holding one anchor, or anchors differing only in letter case; two AD users making one anchor), anchors that are wrong encodings of an AD user''s GUID (big-endian bytes, the Base64 of the GUID''s text, the objectGUID where mS-DS-ConsistencyGuid is the anchor), anchors that are not valid or not GUID-based, mapping problems, and every blocker of a hard match that the facts show: the tenant''s hard-match block, a federated UPN, onPremisesObjectIdentifier, directory roles, cloud-managed accounts, targets already synced or soft-deleted. A check whose facts were not given (-Synchronization, -Domain, -RoleAssignment, -Deleted, and the onPremisesObjectIdentifier and onPremisesSyncBehavior properties) is listed in NotChecked, never assumed to pass. about_ImmutableId lists every finding.'
        'The results come at the end, once every account is known. The join takes time and memory linear in the number of accounts. Given no account at all, it says so in a warning. Every property of a result exports with Export-Csv as text; Input, the input record itself, is hidden from it ($result.Input still gives it).'
    )
    Parameters   = @{
        OnPremises      = 'The AD users, as Get-ADUser -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses, msExchMailboxGuid, msExchArchiveGuid, msExchRecipientTypeDetails, msExchRemoteRecipientType, legacyExchangeDN returns them, or Import-Csv rows with those columns (sAMAccountName, UserPrincipalName, DistinguishedName, ObjectGUID, mS-DS-ConsistencyGuid, Mail, ProxyAddresses, and the msExch attributes). The msExch attributes say whether Exchange on-premises holds a mailbox, or a remote mailbox, for the user; without them the check OnPremisesMailbox is not made. Accepts pipeline input.'
        Cloud           = 'The cloud users, as Get-MgBetaUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled, OnPremisesObjectIdentifier returns them, as hashtables from Invoke-MgGraphRequest, or as Import-Csv rows. An OnPremisesSyncBehavior property (from Get-MgUserOnPremiseSyncBehavior) or an IsCloudManaged column lets the cloud-managed check be made.'
        Deleted         = 'The soft-deleted users, as Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId returns them. A soft-deleted account still holds its anchor, and Entra refuses a second account with it; give -Deleted (even empty) so that this is checked.'
        Mapping         = 'Which on-premises account takes over which cloud account: objects, hashtables or Import-Csv rows with OnPremises (sAMAccountName, DOMAIN\sam, UPN, DN or GUID) and Cloud (UPN or object id). For DOMAIN\sam the domain part is checked against the DistinguishedName, or said to be ignored when nothing can check it. A row naming no account of the input is a non-terminating UnknownAccount error on that row (AmbiguousAccount for several; IncompleteMapping for a row without one of its two; NotARecord for a value such as ''alice'' given in place of a row).'
        Domain          = 'The tenant''s domains, as Get-MgDomain returns them (Id, AuthenticationType, IsInitial): to know whether a cloud account''s UPN is on a federated domain.'
        Synchronization = 'The object Get-MgDirectoryOnPremiseSynchronization returns: its Features say whether BlockCloudObjectTakeoverThroughHardMatchEnabled and BlockSoftMatchEnabled are on.'
        OnPremisesPath  = 'CSV exports of on-premises users (Get-ADUser ... | Export-Csv), read by the native core: for large tenants, much faster than Import-Csv. Columns are found by the names -OnPremises reads, whatever their case. Read after -OnPremises. A record that cannot be used is a non-terminating error naming its file and line; a problem with a file as a whole (not found, not CSV, no known column, a ragged row) stops the cmdlet, naming the file.'
        CloudPath       = 'CSV exports of cloud users (Get-MgUser ... | Export-Csv), read by the native core as -OnPremisesPath is. Read after -Cloud.'
        DeletedPath     = 'CSV exports of soft-deleted users (Get-MgDirectoryDeletedItemAsUser ... | Export-Csv), read by the native core.'
        MappingPath     = 'CSV files of -Mapping rows (columns OnPremises and Cloud), read by the native core. An error about a row names its file and line.'
        Delimiter       = 'The delimiter of the files the -...Path parameters name: a comma by default; a semicolon for CSV files Excel saves in many locales; a tab for tab-separated files.'
        SourceAnchor    = 'The tenant''s sourceAnchor: which property of an AD user Entra Connect makes its anchor from. ConsistencyGuid (the default, and Entra Connect''s choice since 1.1.524 with the default settings): mS-DS-ConsistencyGuid when it is set, else objectGUID. ObjectGUID (older installs, or a custom choice): objectGUID always; mS-DS-ConsistencyGuid is ignored, so one that differs from the objectGUID is no Conflict. Or the LDAP name of another attribute (msDS-SourceAnchor, employeeID...): its string value is the anchor as it is, a binary value the Base64 of its bytes, a [guid] its ImmutableId; read it with the users (Get-ADUser -Properties employeeID), and -OnPremisesPath files must have a column of that name. A user whose attribute is empty has no anchor: it is NotSynced with the finding SourceAnchorEmpty. AnchorSource says which property each anchor came from. Tab completion offers ConsistencyGuid and ObjectGUID; any other name must be an LDAP attribute name (a letter, then letters, digits and hyphens), else the cmdlet stops with the error InvalidSourceAnchor.'
        RoleAssignment  = 'Directory roles, as PIM''s Get-MgRoleManagementDirectoryRoleAssignmentScheduleInstance and Get-MgRoleManagementDirectoryRoleEligibilityScheduleInstance return them (PrincipalId, RoleDefinitionId, MemberType, AssignmentType, StartDateTime, EndDateTime and, with -ExpandProperty RoleDefinition, its DisplayName and IsPrivileged). Plain Get-MgRoleManagementDirectoryRoleAssignment records do not say whether a role is permanent, time-bound or an activation: the check RoleKinds is then not made. Built-in privileged roles are known by their template id.'
        Mailbox         = 'The Exchange Online mailboxes (Get-EXOMailbox -Properties ExchangeGuid, ArchiveGuid, LegacyExchangeDN, IsInactiveMailbox, and -SoftDeletedMailbox for the recycle bin), linked to Entra users by ExternalDirectoryObjectId: a pair whose AD user has a mailbox on-premises while the target has one in the cloud is a Conflict (OnPremisesMailbox); a pair needing a remote mailbox, another mailbox GUID or the cloud''s addresses says so (NotRemoteMailbox, RemoteMailboxGuidMismatch, CloudAddressesMissing); a twin''s own mailbox is named (TwinHasMailbox). Without it, the check Mailboxes is not made; -Mailbox @() says there is no cloud mailbox.'
        MailboxPath     = 'CSV exports of -Mailbox records (EmailAddresses joined with '';''), read by the native core.'
        GroupMembership = 'The groups the accounts to keep are members of (Get-MgUserTransitiveMemberOf -UserId <id> -All, with the user''s id added as PrincipalId): a role held through a group is found. Without it, the check RolesThroughGroups is not made.'
    }
    Inputs       = @(
        @{ Type = 'System.Object'; Description = 'On-premises users (-OnPremises), such as Get-ADUser output or Import-Csv rows.' }
    )
    Outputs      = @(
        @{ Type = 'ImmutableId.Model.ImmutableIdComparison'; Description = 'One per account, given at the end.' }
    )
    Notes        = @(
        'Give Get-ADUser -Properties mS-DS-ConsistencyGuid: without it, each user''s objectGUID is taken as its anchor, which is wrong for users whose anchor was carried over from another forest.'
        'Say what the tenant anchors on with -SourceAnchor. Read as anchoring on mS-DS-ConsistencyGuid (the default), a cloud account holding the objectGUID''s ImmutableId of a user whose mS-DS-ConsistencyGuid differs is a Conflict (ObjectGuidAnchor); in a tenant that anchors on objectGUID (older Entra Connect installs, or a custom choice) that value is right: give -SourceAnchor ObjectGUID.'
        'Proposals by UPN, mail or proxy address are guesses: confirm each with -Mapping before planning it with New-HardMatchPlan.'
    )
    Examples     = @(
        @{
            Title   = 'Reconcile AD with Entra ID'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
$deleted = Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId
Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud -Deleted $deleted
'@
            Output  = @'
Side       Account                      Status             Findings
----       -------                      ------             --------
OnPremises alice                        Matched
OnPremises bob                          Matched
OnPremises carol                        HardMatchCandidate ProposedByUpn
OnPremises dave                         HardMatchCandidate ProposedByUpn, TargetHoldsOtherAnchor
Cloud      alice@contoso.com            Matched
Cloud      bob@contoso.com              Matched
Cloud      carol@contoso.com            HardMatchCandidate ProposedByUpn
Cloud      dave@contoso.com             HardMatchCandidate ProposedByUpn, TargetHoldsOtherAnchor
Cloud      erin@contoso.com             Orphan             NotGuidBasedAnchor, AdoptNotPossible
Deleted    8d2f4a6c1e3b4d5f9a7c0e2b4d6… SoftDeleted
'@
            Remarks = 'bob is matched through his mS-DS-ConsistencyGuid. carol''s AD user and her cloud-only account share a UPN, so they are proposed for a hard match; so are dave''s, whose cloud account holds a wrongly encoded anchor. erin''s anchor comes from a former identity provider, so no AD user can adopt it into mS-DS-ConsistencyGuid (AdoptNotPossible).'
        }
        @{
            Title   = 'Why, for the accounts that need a person'
            Code    = @'
$onPremises = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
Compare-ImmutableId -OnPremises $onPremises -Cloud $cloud |
    Where-Object { $_.Side -eq 'OnPremises' -and $_.Status -ne 'Matched' } |
    Format-List Account, Status, Counterpart, Messages
'@
            Output  = @'
Account     : carol
Status      : HardMatchCandidate
Counterpart : carol@contoso.com
Messages    : {Proposed, not given: carol and carol@contoso.com have the same user principal name. C
              onfirm it with -Mapping before acting on it.}

Account     : dave
Status      : HardMatchCandidate
Counterpart : dave@contoso.com
Messages    : {Proposed, not given: dave and dave@contoso.com have the same user principal name. Con
              firm it with -Mapping before acting on it., dave@contoso.com already holds the anchor
              wtTm+Bo7TF2Of5oLHC0+Tw==, dave's GUID in big-endian byte order, a wrong encoding; the
              plan writes +ObUwjsaXUyOf5oLHC0+Tw== over it.}
'@
            Remarks = 'Each finding comes with a sentence saying what it means for the account.'
        }
        @{
            Title   = 'Hashtables from Invoke-MgGraphRequest, AD users from the pipeline'
            Code    = @'
$uri = 'v1.0/users?$select=id,userPrincipalName,mail,proxyAddresses,onPremisesImmutableId,onPremisesSyncEnabled'
$cloud = (Invoke-MgGraphRequest -Method GET -Uri $uri).value
Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, mail, proxyAddresses |
    Compare-ImmutableId -Cloud $cloud | Group-Object Status -NoElement
'@
            Output  = @'
Count Name
----- ----
    4 Matched
    4 HardMatchCandidate
    1 Orphan
'@
            Remarks = 'Graph''s hashtables are records like any other; their keys match whatever their case.'
        }
    )
    RelatedLinks = @(
        @{ Text = 'New-HardMatchPlan' }
        @{ Text = 'Test-ImmutableId' }
        @{ Text = 'about_ImmutableId' }
    )
}
