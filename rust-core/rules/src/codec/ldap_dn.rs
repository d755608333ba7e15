//! LDAP distinguished names as AD writes them (RFC 4514): read into their relative
//! names, so two spellings of one DN compare equal (letter case, spaces around `,` `+` `=`,
//! escapes), and a value that is no DN is refused before it is quoted into a command.

/// A DN in one spelling: types and values lower case, spaces around separators dropped,
/// escapes resolved and written one way. `Err` says why the text is no DN.
pub fn canonical_dn(text: &str) -> Result<String, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut rdns = 0;
    loop {
        // One attribute type and value.
        let start = i;
        while i < chars.len() && chars[i] != '=' && chars[i] != ',' && chars[i] != '+' {
            i += 1;
        }
        let kind: String = chars[start..i].iter().collect::<String>().trim().to_ascii_lowercase();
        if i >= chars.len() || chars[i] != '=' {
            return Err(format!("'{}' has no attribute=value pair", chars[start..i].iter().collect::<String>().trim()));
        }
        let oid = !kind.is_empty() && kind.chars().all(|c| c.is_ascii_digit() || c == '.');
        let name =
            kind.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !(oid || name) {
            return Err(format!("'{kind}' is not an attribute type"));
        }
        i += 1;
        let mut value = String::new();
        let mut pending: Vec<u8> = Vec::new();
        // Spaces are kept only between other characters (or escaped).
        let mut trailing_spaces = 0;
        while i < chars.len() && chars[i] != ',' && chars[i] != '+' {
            let c = chars[i];
            if c == '\\' {
                let next = chars.get(i + 1).copied().ok_or("it ends with a lone backslash")?;
                if let (Some(h), Some(l)) = (next.to_digit(16), chars.get(i + 2).and_then(|c| c.to_digit(16))) {
                    pending.push((h * 16 + l) as u8);
                    i += 3;
                } else if " \"#+,;<=>\\".contains(next) {
                    flush(&mut pending, &mut value)?;
                    value.push(next);
                    i += 2;
                } else {
                    return Err(format!("'\\{next}' is not an escape"));
                }
                trailing_spaces = 0;
                continue;
            }
            flush(&mut pending, &mut value)?;
            if c == ' ' {
                if !value.is_empty() {
                    trailing_spaces += 1;
                    value.push(' ');
                }
            } else {
                trailing_spaces = 0;
                value.push(c);
            }
            i += 1;
        }
        flush(&mut pending, &mut value)?;
        value.truncate(value.len() - trailing_spaces);
        if value.is_empty() {
            return Err(format!("'{kind}=' has no value"));
        }
        out.push_str(&kind);
        out.push('=');
        for c in value.to_lowercase().chars() {
            if ",+=\\\"<>;#".contains(c) {
                out.push('\\');
            }
            out.push(c);
        }
        match chars.get(i) {
            Some('+') => out.push('+'),
            Some(_) => {
                out.push(',');
                rdns += 1;
            }
            // An OU or container DN names at least its own RDN and one above it.
            None if rdns == 0 => return Err("it names no parent (an OU's DN ends with its domain, DC=...)".to_string()),
            None => return Ok(out),
        }
        i += 1;
    }
}

/// Hex escapes are bytes of UTF-8: written out once a run of them ends.
fn flush(pending: &mut Vec<u8>, value: &mut String) -> Result<(), String> {
    if !pending.is_empty() {
        value.push_str(std::str::from_utf8(pending).map_err(|_| "its hex escapes are not UTF-8".to_string())?);
        pending.clear();
    }
    Ok(())
}

/// True when both are DNs of the same object.
pub fn same_dn(a: &str, b: &str) -> bool {
    matches!((canonical_dn(a), canonical_dn(b)), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_dn_are_the_same() {
        assert!(same_dn("OU=Staff,DC=contoso,DC=com", "ou=staff, dc=Contoso , DC=COM"));
        assert!(same_dn("OU=Smith\\, John,DC=contoso,DC=com", "OU = smith\\2C john,DC=contoso,DC=com"));
        assert!(same_dn("OU=Caf\\C3\\A9,DC=x,DC=y", "OU=CAFÉ,DC=x,DC=y"));
        assert!(!same_dn("OU=Staff,DC=contoso,DC=com", "OU=Staff2,DC=contoso,DC=com"));
        assert!(same_dn("OU=\\ lead,DC=x,DC=y", "OU=\\20lead,DC=x,DC=y"), "an escaped space is part of the value");
    }

    #[test]
    fn text_that_is_no_dn_is_refused_with_a_reason() {
        for bad in ["Unsynced", "", "OU=", "=x,DC=y", "OU=a\\", "OU=a\\zz,DC=x", "1bad=x,DC=y", "OU=Staff", "OU=\\FF\\FE,DC=x"] {
            assert!(canonical_dn(bad).is_err(), "{bad}");
        }
        assert_eq!(canonical_dn("OU=Unsynced,DC=contoso,DC=com"), Ok("ou=unsynced,dc=contoso,dc=com".to_string()));
    }
}
