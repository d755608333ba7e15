//! The decoded text on its way to the CSV parser. It watches every byte the parser will
//! see, to say on which line each record starts (the parser's own line numbers skip blank
//! lines and count CRLF oddly), to find a quote that is never closed, and to stop a line
//! or a record at the size cap before it fills memory.
//!
//! It follows the same segmentation as the `csv` crate with its defaults: LF, CRLF and a
//! lone CR end a record outside quotes; blank lines make no record; a quote opens a quoted
//! field only at the start of a field; inside one, `""` is a quote and `"` closes it.

use std::collections::VecDeque;
use std::fmt;
use std::io::{self, Read};

/// A line or record over the cap, carried through `csv` inside an `io::Error`.
#[derive(Debug, Clone, Copy)]
pub(super) struct TooLong {
    pub line: u64,
    /// A record spanning lines (an unclosed quote), not a single line.
    pub record: bool,
}

impl fmt::Display for TooLong {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {} is too long", self.line)
    }
}

impl std::error::Error for TooLong {}

pub(super) struct Guarded<R> {
    inner: R,
    cap: u64,
    /// How far the parser may read ahead of the record it is on (its buffer).
    slack: u64,
    delimiter: u8,
    /// Bytes handed on so far.
    read: u64,
    /// Bytes since the last line break, quoted or not.
    since_break: u64,
    /// The line the next byte is on, 1-based.
    line: u64,
    last_byte: Option<u8>,
    in_quotes: bool,
    /// A quote inside a quoted field was the last byte read: it closes the field, or
    /// starts a `""` pair, depending on the next byte.
    pending_quote: bool,
    /// A line break outside quotes was the last byte read: a record may start next.
    pending_boundary: bool,
    /// Lines of records found in the text and not yet returned by the parser, in order.
    record_lines: VecDeque<u64>,
    /// Where the record the parser is on began (the end of the one before).
    record_start: u64,
    /// The line of the last record the parser returned.
    last_record_line: u64,
    tripped: Option<TooLong>,
}

fn is_break(b: u8) -> bool {
    b == b'\n' || b == b'\r'
}

impl<R: Read> Guarded<R> {
    pub fn new(inner: R, cap: u64, slack: u64, delimiter: u8) -> Self {
        Guarded {
            inner,
            cap,
            slack,
            delimiter,
            read: 0,
            since_break: 0,
            line: 1,
            last_byte: None,
            in_quotes: false,
            pending_quote: false,
            pending_boundary: true,
            record_lines: VecDeque::new(),
            record_start: 0,
            last_record_line: 1,
            tripped: None,
        }
    }

    pub fn cap(&self) -> u64 {
        self.cap
    }

    /// The line the record the parser is on starts at.
    pub fn current_record_line(&self) -> u64 {
        self.record_lines.front().copied().unwrap_or(self.line)
    }

    /// The parser returned a record ending at byte `end`: the line it started on.
    pub fn finish_record(&mut self, end: u64) -> u64 {
        self.record_start = end;
        self.last_record_line = self.record_lines.pop_front().unwrap_or(self.line);
        self.last_record_line
    }

    /// Once the whole text is read: the line of the record a quote was left open in.
    pub fn unclosed_quote(&self) -> Option<u64> {
        self.in_quotes.then_some(self.last_record_line)
    }

    fn trip(&mut self, too_long: TooLong) -> io::Result<usize> {
        self.tripped = Some(too_long);
        Err(io::Error::new(io::ErrorKind::InvalidData, too_long))
    }

    fn at_field_start(&self, prev: Option<u8>) -> bool {
        match prev {
            None => true,
            Some(b) => is_break(b) || b == self.delimiter,
        }
    }

    /// Follows quotes and line breaks through `chunk`; returns the line of the first line
    /// in it longer than the cap, if any.
    fn scan(&mut self, chunk: &[u8]) -> Option<u64> {
        let mut skip_to = 0;
        let mut line_start = 0usize;
        let mut too_long = None;
        if self.pending_quote {
            self.pending_quote = false;
            if chunk[0] == b'"' {
                skip_to = 1;
            } else {
                self.in_quotes = false;
            }
        }
        if self.pending_boundary {
            self.pending_boundary = false;
            if !is_break(chunk[0]) {
                self.record_lines.push_back(self.line);
            }
        }
        for at in memchr::memchr3_iter(b'"', b'\n', b'\r', chunk) {
            if at < skip_to {
                continue;
            }
            let prev = if at == 0 { self.last_byte } else { Some(chunk[at - 1]) };
            match chunk[at] {
                b'"' if self.in_quotes => match chunk.get(at + 1) {
                    Some(b'"') => skip_to = at + 2,
                    Some(_) => self.in_quotes = false,
                    None => self.pending_quote = true,
                },
                b'"' => {
                    if self.at_field_start(prev) {
                        self.in_quotes = true;
                    }
                }
                byte => {
                    // The LF of a CRLF ends the line its CR already ended.
                    if !(byte == b'\n' && prev == Some(b'\r')) {
                        if self.since_break + (at - line_start) as u64 > self.cap {
                            too_long = too_long.or(Some(self.line));
                        }
                        self.since_break = 0;
                        self.line += 1;
                    }
                    line_start = at + 1;
                    if !self.in_quotes {
                        match chunk.get(at + 1) {
                            Some(&next) if !is_break(next) => self.record_lines.push_back(self.line),
                            Some(_) => {}
                            None => self.pending_boundary = true,
                        }
                    }
                }
            }
        }
        self.since_break += (chunk.len() - line_start) as u64;
        self.last_byte = chunk.last().copied();
        if self.since_break > self.cap {
            too_long = too_long.or(Some(self.line));
        }
        too_long
    }
}

impl<R: Read> Read for Guarded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if let Some(too_long) = self.tripped {
            return Err(io::Error::new(io::ErrorKind::InvalidData, too_long));
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            // A quote that ended the text closed its field.
            if self.pending_quote {
                self.pending_quote = false;
                self.in_quotes = false;
            }
            return Ok(0);
        }
        let too_long = self.scan(&buf[..n]);
        self.read += n as u64;
        if let Some(line) = too_long {
            return self.trip(TooLong { line, record: false });
        }
        if self.read - self.record_start > self.cap + self.slack {
            let line = self.current_record_line();
            return self.trip(TooLong { line, record: true });
        }
        Ok(n)
    }
}
