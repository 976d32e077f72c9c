//! BuildKit's shell lexer: quotes, escapes, variables and heredoc words.

use std::prelude::rust_2021::*;

use super::*;

/// One construct of a word, as BuildKit's shell lexer sees it; offsets are in the word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Event<'a> {
    /// A character taken as it is.
    Char(usize, char),
    /// The escape character at the offset and the character it makes literal.
    Escaped(usize, char),
    /// An escape character inside double quotes before a character it does not escape: both
    /// stay.
    LoneEscape(usize),
    /// An escape character ending the word: dropped.
    TrailingEscape(usize),
    /// `'…'`, with its content.
    Single(usize, &'a str),
    DoubleOpen(usize),
    DoubleClose(usize),
    /// `$NAME`; an empty name is a lone `$`, which stays.
    Var(usize, &'a str),
    /// `${NAME}`.
    Braced(usize, &'a str),
    /// `${NAME` and an operator (`-`, `+`, `?`, `#`, `%`, `/`, or any character after `:`):
    /// a word follows, up to the matching [`Event::Close`] (with an [`Event::Slash`] for `/`).
    Open(Open<'a>),
    Slash(usize),
    Close(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Open<'a> {
    /// The offset of its `$`.
    pub(super) at: usize,
    pub(super) name: &'a str,
    pub(super) colon: bool,
    pub(super) op: char,
}

/// A word BuildKit's lexer refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Malformed;

/// What the lexer is inside of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Context {
    Double,
    /// The word of `${NAME<op>…}`, up to `}`.
    Brace,
    /// The pattern of `${NAME/…/…}`, up to `/`.
    Pattern,
}

/// Walks a word construct by construct, with an explicit stack of what it is inside of, so that
/// nesting costs memory in proportion to the word and never the call stack.
pub(super) struct Scanner<'a> {
    pub(super) word: &'a str,
    pub(super) at: usize,
    pub(super) escape: char,
    /// Whether quotes are special (BuildKit's `SkipProcessQuotes` is the opposite).
    pub(super) quotes: bool,
    pub(super) stack: Vec<Context>,
    pub(super) failed: bool,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(word: &'a str, escape: char, quotes: bool) -> Self {
        Scanner {
            word,
            at: 0,
            escape,
            quotes,
            stack: Vec::new(),
            failed: false,
        }
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.word[self.at..].chars().next()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        Some(c)
    }

    pub(super) fn step(&mut self) -> Option<Result<Event<'a>, Malformed>> {
        let at = self.at;
        let Some(c) = self.peek() else {
            // The end of the word closes nothing: anything still open is unterminated.
            return (!self.stack.is_empty()).then_some(Err(Malformed));
        };
        let context = self.stack.last().copied();
        if context == Some(Context::Double) {
            return Some(Ok(match c {
                '"' => {
                    self.at += 1;
                    self.stack.pop();
                    Event::DoubleClose(at)
                }
                '$' => return Some(self.dollar()),
                _ if c == self.escape => {
                    self.bump();
                    match self.peek() {
                        None => return Some(Err(Malformed)),
                        Some(n) if n == '"' || n == '$' || n == self.escape => {
                            self.bump();
                            Event::Escaped(at, n)
                        }
                        Some(_) => Event::LoneEscape(at),
                    }
                }
                _ => {
                    self.bump();
                    Event::Char(at, c)
                }
            }));
        }
        let stop = match context {
            Some(Context::Brace) => Some('}'),
            Some(Context::Pattern) => Some('/'),
            _ => None,
        };
        if Some(c) == stop {
            self.at += 1;
            return Some(Ok(if context == Some(Context::Pattern) {
                self.stack.pop();
                self.stack.push(Context::Brace);
                Event::Slash(at)
            } else {
                self.stack.pop();
                Event::Close(at)
            }));
        }
        Some(Ok(match c {
            '$' => return Some(self.dollar()),
            '\'' if self.quotes => {
                let Some(end) = self.word[at + 1..].find('\'') else {
                    return Some(Err(Malformed));
                };
                self.at = at + 1 + end + 1;
                Event::Single(at, &self.word[at + 1..at + 1 + end])
            }
            '"' if self.quotes => {
                self.at += 1;
                self.stack.push(Context::Double);
                Event::DoubleOpen(at)
            }
            _ if c == self.escape => {
                self.bump();
                match self.bump() {
                    Some(n) => Event::Escaped(at, n),
                    None if context.is_none() => Event::TrailingEscape(at),
                    None => return Some(Err(Malformed)),
                }
            }
            _ => {
                self.bump();
                Event::Char(at, c)
            }
        }))
    }

    /// `$…` at the current offset.
    pub(super) fn dollar(&mut self) -> Result<Event<'a>, Malformed> {
        let at = self.at;
        self.at += 1;
        if self.peek() != Some('{') {
            return Ok(Event::Var(at, self.name()));
        }
        self.at += 1;
        if matches!(self.peek(), None | Some('{' | '}' | ':')) {
            return Err(Malformed);
        }
        let name = self.name();
        let (colon, op) = match self.bump().ok_or(Malformed)? {
            '}' => return Ok(Event::Braced(at, name)),
            ':' => (true, self.bump().ok_or(Malformed)?),
            op @ ('-' | '+' | '?' | '#' | '%' | '/') => (false, op),
            _ => return Err(Malformed),
        };
        if op == '/' && !colon {
            // `//` replaces every match; either way a pattern comes first.
            if self.peek() == Some('/') {
                self.at += 1;
            }
            self.stack.push(Context::Pattern);
        } else {
            self.stack.push(Context::Brace);
        }
        Ok(Event::Open(Open {
            at,
            name,
            colon,
            op,
        }))
    }

    /// A variable's name: digits (a positional parameter), one special parameter, or letters,
    /// digits and `_`.
    pub(super) fn name(&mut self) -> &'a str {
        let start = self.at;
        let rest = &self.word[start..];
        let len = match rest.chars().next() {
            Some(c) if c.is_ascii_digit() => rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len()),
            Some('@' | '*' | '#' | '?' | '-' | '$' | '!') => 1,
            _ => rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len()),
        };
        self.at += len;
        &self.word[start..start + len]
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Result<Event<'a>, Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        let event = self.step();
        self.failed = matches!(event, Some(Err(_)));
        event
    }
}

/// A variable's value as an expansion sees it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Lookup<'a> {
    Value(&'a str),
    Unknown(Unknown),
    /// Left as written (BuildKit's `SkipUnsetEnv`, for heredoc words).
    AsWritten,
}

/// A word after quote removal and expansion.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lexed {
    /// The word's value, and the offset in the word of what gave its first byte (the word's
    /// start if the value is empty).
    Text { text: String, first: usize },
    /// A variable it needs has no known value.
    Unresolved(Unknown),
    /// Its expansion passes [`MAX_EXPANSION`] bytes or the file's budget.
    TooLong,
    /// BuildKit's lexer refuses it.
    Malformed,
}

/// An open `"…"` or `${NAME<op>…}` while a word is expanded.
pub(super) struct Frame<'a> {
    /// `None` for a double quote.
    pub(super) open: Option<(Open<'a>, Lookup<'a>)>,
    /// Where its output starts.
    pub(super) start: usize,
    /// Whether escapes are kept in its output (the words of `#`, `%` and `/`).
    pub(super) raw: bool,
    /// Why a variable inside it has no value, if one has none.
    pub(super) unknown: Option<Unknown>,
}

/// Expands one word as BuildKit's `ProcessWord` does: quote removal (if `quotes`), escapes and
/// variables from `vars`.
pub(super) fn lex<'v>(
    word: &str,
    escape: char,
    quotes: bool,
    vars: &dyn Fn(&str) -> Lookup<'v>,
    budget: &mut Budget,
) -> Lexed {
    let mut out = String::new();
    let mut frames: Vec<Frame<'_>> = Vec::new();
    let mut top_unknown = None;
    let mut first = None;
    // The construct being read at the top level: where it gives its first byte, and the output's
    // length before it.
    let mut construct = (0, 0);
    // Why a variable has no value: noted on the innermost frame, whose word may yet be dropped.
    fn note(frames: &mut [Frame<'_>], top: &mut Option<Unknown>, why: Unknown) {
        let slot = frames.last_mut().map_or(top, |f| &mut f.unknown);
        slot.get_or_insert(why);
    }
    // Appends a variable's value, within the bounds.
    fn substitute(out: &mut String, value: &str, budget: &mut Budget) -> Result<(), Lexed> {
        if out.len() + value.len() > MAX_EXPANSION || value.len() > budget.left {
            return Err(Lexed::TooLong);
        }
        budget.left -= value.len();
        out.push_str(value);
        Ok(())
    }
    for event in Scanner::new(word, escape, quotes) {
        let Ok(event) = event else {
            return Lexed::Malformed;
        };
        let raw = frames.last().is_some_and(|f| f.raw);
        if frames.is_empty() {
            let at = match event {
                // A quoted word's first byte is its first content byte.
                Event::Single(at, _) | Event::DoubleOpen(at) => at + 1,
                Event::Char(at, _)
                | Event::Escaped(at, _)
                | Event::LoneEscape(at)
                | Event::TrailingEscape(at)
                | Event::DoubleClose(at)
                | Event::Var(at, _)
                | Event::Braced(at, _)
                | Event::Slash(at)
                | Event::Close(at) => at,
                Event::Open(open) => open.at,
            };
            construct = (at, out.len());
        }
        match event {
            Event::Char(_, c) => out.push(c),
            Event::Escaped(_, c) => {
                if raw {
                    out.push(escape);
                }
                out.push(c);
            }
            Event::LoneEscape(_) => {
                if raw {
                    out.push(escape);
                }
                out.push(escape);
            }
            Event::TrailingEscape(_) => {
                if raw {
                    out.push(escape);
                }
            }
            Event::Single(_, s) => out.push_str(s),
            Event::DoubleOpen(_) => frames.push(Frame {
                open: None,
                start: out.len(),
                raw,
                unknown: None,
            }),
            Event::DoubleClose(_) => {
                if let Some(why) = frames.pop().and_then(|f| f.unknown) {
                    note(&mut frames, &mut top_unknown, why);
                }
            }
            Event::Var(_, "") => out.push('$'),
            Event::Var(_, name) | Event::Braced(_, name) => match vars(name) {
                Lookup::Value(v) => {
                    if let Err(e) = substitute(&mut out, v, budget) {
                        return e;
                    }
                }
                Lookup::Unknown(why) => note(&mut frames, &mut top_unknown, why),
                Lookup::AsWritten => {
                    let braced = matches!(event, Event::Braced(..));
                    out.push('$');
                    out.push_str(if braced { "{" } else { "" });
                    out.push_str(name);
                    out.push_str(if braced { "}" } else { "" });
                }
            },
            Event::Open(open) => {
                let lookup = vars(open.name);
                let start = out.len();
                if let Lookup::AsWritten = lookup {
                    out.push_str("${");
                    out.push_str(open.name);
                    if open.colon {
                        out.push(':');
                    }
                    out.push(open.op);
                }
                frames.push(Frame {
                    open: Some((open, lookup)),
                    start,
                    raw: matches!(open.op, '#' | '%' | '/'),
                    unknown: None,
                });
            }
            Event::Slash(_) => {
                if let Some(Frame {
                    open: Some((_, Lookup::AsWritten)),
                    ..
                }) = frames.last()
                {
                    out.push('/');
                }
            }
            Event::Close(_) => {
                let Some(Frame {
                    open: Some((open, lookup)),
                    start,
                    unknown,
                    ..
                }) = frames.pop()
                else {
                    return Lexed::Malformed;
                };
                let set = match lookup {
                    Lookup::Value(v) if !(open.colon && v.is_empty()) => Some(v),
                    Lookup::Value(_) => None,
                    Lookup::Unknown(_) => None,
                    Lookup::AsWritten => {
                        out.push('}');
                        if let Some(why) = unknown {
                            note(&mut frames, &mut top_unknown, why);
                        }
                        continue;
                    }
                };
                // The word stays (`${V:-word}` of an unset V, `${V:+word}` of a set one), or
                // gives way to the value or to nothing.
                let keep_word = match (open.op, set) {
                    ('-', None) | ('+', Some(_)) => true,
                    ('-' | '?', Some(v)) => {
                        out.truncate(start);
                        if let Err(e) = substitute(&mut out, v, budget) {
                            return e;
                        }
                        false
                    }
                    ('+', None) => {
                        out.truncate(start);
                        false
                    }
                    ('?', None) => match lookup {
                        Lookup::Unknown(why) => {
                            out.truncate(start);
                            note(&mut frames, &mut top_unknown, why);
                            false
                        }
                        // `${V:?}` of an empty V stops BuildKit's build.
                        _ => return Lexed::Malformed,
                    },
                    // `:` before `/` is an operator BuildKit does not know.
                    ('/', _) if open.colon => return Lexed::Malformed,
                    // Not evaluated here: the reference stays unresolved.
                    ('#' | '%' | '/', _) => {
                        out.truncate(start);
                        let why = match lookup {
                            Lookup::Unknown(why) => why,
                            _ => Unknown::NoDefault,
                        };
                        note(&mut frames, &mut top_unknown, why);
                        false
                    }
                    // Any other character after `:` is an operator BuildKit does not know.
                    _ => return Lexed::Malformed,
                };
                if keep_word {
                    let added = out.len() - start;
                    if out.len() > MAX_EXPANSION || added > budget.left {
                        return Lexed::TooLong;
                    }
                    budget.left -= added;
                    if let Some(why) = unknown {
                        note(&mut frames, &mut top_unknown, why);
                    }
                }
            }
        }
        if frames.is_empty() && first.is_none() && out.len() > construct.1 {
            first = Some(construct.0);
        }
    }
    match top_unknown {
        Some(why) => Lexed::Unresolved(why),
        None => Lexed::Text {
            text: out,
            first: first.unwrap_or(0),
        },
    }
}

/// Calls `word` with each word of a line as BuildKit's heredoc detection splits it (the lexer
/// with quotes and escapes kept and `\` as escape): at white space outside quotes, and at any
/// white space inside a `${…}`. Returns [`Malformed`] if the lexer refuses the line, which then
/// opens no heredoc.
pub(super) fn heredoc_words<'a>(
    line: &'a str,
    mut word: impl FnMut(&'a str),
) -> Result<(), Malformed> {
    let mut start: Option<usize> = None;
    let mut depth = 0usize;
    // Whether the outermost open construct is a `${…}`, whose value BuildKit splits again.
    let mut in_braces = false;
    let mut split = |at: usize, c: char, start: &mut Option<usize>, splits: bool| {
        if splits && c.is_whitespace() {
            if let Some(s) = start.take() {
                word(&line[s..at]);
            }
        } else {
            start.get_or_insert(at);
        }
    };
    for event in Scanner::new(line, '\\', true) {
        let event = event?;
        let splits = depth == 0 || in_braces;
        match event {
            Event::Char(at, c) => split(at, c, &mut start, splits),
            Event::Escaped(at, c) => {
                start.get_or_insert(at);
                split(at + 1, c, &mut start, depth > 0 && in_braces);
            }
            Event::Single(at, s) => {
                start.get_or_insert(at);
                for (i, c) in s.char_indices() {
                    split(at + 1 + i, c, &mut start, depth > 0 && in_braces);
                }
                start.get_or_insert(at + 1 + s.len());
            }
            Event::DoubleOpen(at) => {
                if depth == 0 {
                    in_braces = false;
                }
                depth += 1;
                start.get_or_insert(at);
            }
            Event::Open(open) => {
                if depth == 0 {
                    in_braces = true;
                }
                depth += 1;
                start.get_or_insert(open.at);
            }
            Event::DoubleClose(at) | Event::Close(at) => {
                depth = depth.saturating_sub(1);
                start.get_or_insert(at);
            }
            Event::LoneEscape(at)
            | Event::TrailingEscape(at)
            | Event::Var(at, _)
            | Event::Braced(at, _)
            | Event::Slash(at) => {
                start.get_or_insert(at);
            }
        }
    }
    if let Some(s) = start {
        word(&line[s..]);
    }
    Ok(())
}

/// A heredoc word `[n]<<[-]WORD` (BuildKit's `^(\d*)<<(-?)\s*([^<]*)$`): its terminator (WORD
/// after quote removal, variables as written) and whether leading tabs are ignored (`<<-`).
pub(super) fn heredoc(word: &str) -> Option<(String, bool)> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix("<<")?;
    let (chomp, rest) = match rest.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, rest),
    };
    let rest = rest.trim_start_matches([' ', '\t', '\n', '\x0C', '\r']);
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let mut budget = Budget { left: 0 };
    match lex(rest, '\\', true, &|_| Lookup::AsWritten, &mut budget) {
        Lexed::Text { text, .. } if !text.is_empty() => Some((text, chomp)),
        _ => None,
    }
}
