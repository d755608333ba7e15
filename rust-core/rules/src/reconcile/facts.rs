//! The tenant's facts, when given: domains, synchronization features, directory roles.
//! A check whose facts were not given is "not checked", never assumed to pass.

use std::collections::HashMap;

use super::accounts::{CloudAccount, Domain, GroupMembership, RoleAssignment, Synchronization};
use super::mailbox::Mailbox;

/// Built-in Entra roles marked "Privileged" in Microsoft's permissions reference (January
/// 2026): template id and name. Microsoft's list can grow; `RoleDefinition.IsPrivileged`
/// (beta), when the caller expands it, wins over this list.
pub const PRIVILEGED_ROLES: [(&str, &str); 29] = [
    ("db506228-d27e-4b7d-95e5-295956d6615f", "Agent ID Administrator"),
    ("9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3", "Application Administrator"),
    ("cf1c38e5-3621-4004-a7cb-879624dced7c", "Application Developer"),
    ("ecb2c6bf-0ab6-418e-bd87-7986f8d63bbe", "Attribute Provisioning Administrator"),
    ("422218e4-db15-4ef9-bbe0-8afb41546d79", "Attribute Provisioning Reader"),
    ("c4e39bd9-1100-46d3-8c65-fb160da0071f", "Authentication Administrator"),
    ("25a516ed-2fa0-40ea-a2d0-12923a21473a", "Authentication Extensibility Administrator"),
    ("aaf43236-0c0d-4d5f-883a-6955382ac081", "B2C IEF Keyset Administrator"),
    ("158c047a-c907-4556-b7ef-446551a6b5f7", "Cloud Application Administrator"),
    ("7698a772-787b-4ac8-901f-60d6b08affd2", "Cloud Device Administrator"),
    ("b1be1c3e-b65d-4f19-8427-f6fa0d97feb9", "Conditional Access Administrator"),
    ("9360feb5-f418-4baa-8175-e2a00bac4301", "Directory Writers"),
    ("8329153b-31d0-4727-b945-745eb3bc5f31", "Domain Name Administrator"),
    ("be2f45a1-457d-42af-a067-6ec1fa63bc45", "External Identity Provider Administrator"),
    ("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
    ("f2ef992c-3afb-46b9-b7cf-a126ee74c451", "Global Reader"),
    ("729827e3-9c14-49f7-bb1b-9608f156bbb8", "Helpdesk Administrator"),
    ("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"),
    ("3a2c62db-5318-420d-8d74-23affee5d9d5", "Intune Administrator"),
    ("59d46f88-662b-457b-bceb-5c3809e5908f", "Lifecycle Workflows Administrator"),
    ("4ba39ca4-527c-499a-b93d-d9b492c50246", "Partner Tier1 Support"),
    ("e00e864a-17c5-4a4b-9c06-f5b95a8d5bd8", "Partner Tier2 Support"),
    ("966707d0-3269-4727-9be2-8c3a10f19b9d", "Password Administrator"),
    ("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", "Privileged Authentication Administrator"),
    ("e8611ab8-c189-46e8-94e1-60213ab1f814", "Privileged Role Administrator"),
    ("194ae4cb-b126-40b2-bd5b-6091b380977d", "Security Administrator"),
    ("5f2222b1-57c3-48ba-8ad5-d4759f1fde6f", "Security Operator"),
    ("5d6b6bb7-de71-4623-b4af-96380a352509", "Security Reader"),
    ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
];

/// Microsoft has not settled which roles the 2026 hard-match block covers: its
/// documentation says privileged roles, its message center notice (MC1262584) says any
/// Entra role. Every step about roles says so.
pub const ROLE_SCOPE_UNSETTLED: &str = "Microsoft's documentation says the hard-match block covers privileged roles (assigned or eligible, even while soft-deleted); its message center notice MC1262584 says any Entra role. Until that is settled every role is treated as a blocker; the privileged ones are named so.";

/// The facts the caller gave, indexed.
#[derive(Debug, Default)]
pub struct Facts {
    pub domains: Option<HashMap<String, Domain>>,
    pub synchronization: Option<Synchronization>,
    /// Roles by principal id (lower case); `None` when -RoleAssignment was not given.
    pub roles: Option<HashMap<String, Vec<RoleAssignment>>>,
    /// True when -Deleted was given (even empty): holders among deleted users are known.
    pub deleted_given: bool,
    /// Groups by member id (lower case); `None` when -GroupMembership was not given.
    pub groups: Option<HashMap<String, Vec<String>>>,
    /// Exchange Online mailboxes by Entra user id (lower case), or by "upn:" and the UPN
    /// (lower case) for a record without ExternalDirectoryObjectId; `None` when -Mailbox was
    /// not given (`-Mailbox @()` means no cloud mailbox at all).
    pub mailboxes: Option<HashMap<String, Vec<Mailbox>>>,
    /// True when some -OnPremises record carries Exchange attributes: Exchange runs
    /// on-premises (a hybrid organisation), so a cloud mailbox needs a remote mailbox there.
    pub exchange_on_premises: bool,
}

impl Facts {
    pub fn add_domain(&mut self, domain: Domain) {
        self.domains.get_or_insert_with(HashMap::new).insert(domain.name.clone(), domain);
    }

    /// Marks -Domain as given (even with no domain in it).
    pub fn domains_given(&mut self) {
        self.domains.get_or_insert_with(HashMap::new);
    }

    pub fn add_role(&mut self, role: RoleAssignment) {
        self.roles.get_or_insert_with(HashMap::new).entry(role.principal.clone()).or_default().push(role);
    }

    pub fn roles_given(&mut self) {
        self.roles.get_or_insert_with(HashMap::new);
    }

    pub fn add_group_membership(&mut self, membership: GroupMembership) {
        self.groups.get_or_insert_with(HashMap::new).entry(membership.member).or_default().push(membership.group);
    }

    pub fn groups_given(&mut self) {
        self.groups.get_or_insert_with(HashMap::new);
    }

    pub fn add_mailbox(&mut self, mailbox: Mailbox) {
        let key = match (&mailbox.user_id, &mailbox.upn) {
            (Some(id), _) => id.clone(),
            (None, Some(upn)) => format!("upn:{}", upn.to_ascii_lowercase()),
            (None, None) => return,
        };
        self.mailboxes.get_or_insert_with(HashMap::new).entry(key).or_default().push(mailbox);
    }

    pub fn mailboxes_given(&mut self) {
        self.mailboxes.get_or_insert_with(HashMap::new);
    }

    /// A cloud account's mailboxes (active, soft-deleted or inactive), by its id or else its
    /// UPN; `None` when -Mailbox was not given.
    pub fn mailboxes_of(&self, c: &CloudAccount) -> Option<&[Mailbox]> {
        let all = self.mailboxes.as_ref()?;
        let by_id = c.id.as_deref().and_then(|id| all.get(&id.to_ascii_lowercase()));
        let by_upn = || c.upn.as_deref().and_then(|u| all.get(&format!("upn:{}", u.to_ascii_lowercase())));
        Some(by_id.or_else(by_upn).map_or(&[], Vec::as_slice))
    }

    /// The roles a principal holds through its groups, with the group's id; `None` when
    /// -GroupMembership was not given (or -RoleAssignment was not).
    pub fn roles_through_groups(&self, principal: &str) -> Option<Vec<(&str, &RoleAssignment)>> {
        let groups = self.groups.as_ref()?.get(&principal.to_ascii_lowercase()).map_or(&[][..], Vec::as_slice);
        let roles = self.roles.as_ref()?;
        Some(groups.iter().flat_map(|g| roles.get(g).into_iter().flatten().map(move |r| (g.as_str(), r))).collect())
    }

    /// Whether a domain is federated: `None` when -Domain was not given or does not list it.
    pub fn federated(&self, domain: &str) -> Option<bool> {
        self.domains.as_ref()?.get(domain)?.federated
    }

    /// The tenant's initial (onmicrosoft.com) domain, when -Domain lists it.
    pub fn initial_domain(&self) -> Option<&str> {
        self.domains.as_ref()?.values().find(|d| d.initial).map(|d| d.name.as_str())
    }

    /// The roles of a principal; `None` when -RoleAssignment was not given.
    pub fn roles_of(&self, principal: &str) -> Option<&[RoleAssignment]> {
        let roles = self.roles.as_ref()?;
        Some(roles.get(&principal.to_ascii_lowercase()).map_or(&[], Vec::as_slice))
    }
}

/// True when a role assignment is for a privileged role: its expanded definition says so,
/// else the built-in list knows its template id.
pub fn is_privileged(role: &RoleAssignment) -> bool {
    role.privileged.unwrap_or_else(|| {
        let template = role.template_id.as_deref().or(role.role_definition_id.as_deref()).unwrap_or("");
        PRIVILEGED_ROLES.iter().any(|(id, _)| id.eq_ignore_ascii_case(template))
    })
}

/// A role's name for messages: its display name, the built-in list's name, or its id.
pub fn role_name(role: &RoleAssignment) -> String {
    if let Some(name) = &role.display {
        return name.clone();
    }
    let template = role.template_id.as_deref().or(role.role_definition_id.as_deref()).unwrap_or("");
    PRIVILEGED_ROLES
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(template))
        .map_or_else(|| if template.is_empty() { "(unknown)".to_string() } else { template.to_string() }, |(_, name)| name.to_string())
}
