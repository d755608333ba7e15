//! How a value is shown inside a message: quoted, invisible characters made visible in
//! PowerShell's own escape syntax, and cut short so a 10 MB input gives a short message.

const SHOWN_CHARS: usize = 60;

/// True for characters a reader cannot see or tell apart when printed.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00A0}' | '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `'value'`, with invisible characters as `` `u{200B} `` and long values cut.
pub(crate) fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_CHARS * 2) + 2);
    out.push('\'');
    let mut shown = 0;
    for c in value.chars() {
        if shown == SHOWN_CHARS {
            let total = value.chars().count();
            out.push_str(&format!("...' ({total} characters)"));
            return out;
        }
        match c {
            '\0' => out.push_str("`0"),
            '\t' => out.push_str("`t"),
            '\r' => out.push_str("`r"),
            '\n' => out.push_str("`n"),
            c if c == ' ' => out.push(' '),
            c if is_invisible(c) => out.push_str(&format!("`u{{{:X}}}", c as u32)),
            '\'' => out.push_str("''"),
            c => out.push(c),
        }
        shown += 1;
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn shows_invisible_characters_in_powershell_syntax() {
        assert_eq!(quote("a\u{200B}b\0"), "'a`u{200B}b`0'");
        assert_eq!(quote("it's"), "'it''s'");
    }

    #[test]
    fn cuts_long_values() {
        let long = "A".repeat(10_000);
        let shown = quote(&long);
        assert!(shown.len() < 100, "{shown}");
        assert!(shown.ends_with("(10000 characters)"));
    }
}
