//! Text rules every layer shares: what surrounding white space is, and how a value is
//! shown inside a message (quoted, invisible characters made visible in PowerShell's own
//! escape syntax, cut short so a 10 MB input gives a short message).

const SHOWN_CHARS: usize = 60;

/// True for what surrounds a value without being part of it: white space and the
/// byte-order mark (U+FEFF) a file saved with a BOM leaves in front of its first value.
pub fn is_padding(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}'
}

/// The one trimming rule: a value without the white space and BOMs around it.
pub fn trim_value(value: &str) -> &str {
    value.trim_matches(is_padding)
}

/// True when a value holds nothing but white space and BOMs.
pub fn is_blank(value: &str) -> bool {
    trim_value(value).is_empty()
}

/// True for characters a reader cannot see or tell apart when printed.
pub fn is_invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{00A0}' | '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{2060}' | '\u{FEFF}')
}

/// `'value'`, with invisible characters as `` `u{200B} `` and long values cut.
pub fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len().min(SHOWN_CHARS * 2) + 2);
    out.push('\'');
    for (shown, c) in value.chars().enumerate() {
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
            ' ' => out.push(' '),
            c if is_invisible(c) => out.push_str(&format!("`u{{{:X}}}", c as u32)),
            '\'' => out.push_str("''"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// "1 record", "3 records".
pub fn count_of(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn trims_white_space_and_byte_order_marks_alike() {
        assert_eq!(trim_value("\u{FEFF} a b\t\r\n"), "a b");
        assert!(is_blank(" \u{FEFF}\t"));
        assert!(!is_blank("\u{200B}"));
    }
}
