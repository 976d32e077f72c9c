use super::*;

fn found(text: &str) -> Vec<(usize, usize, Value)> {
    candidates(text)
        .into_iter()
        .map(|c| (c.line, c.column, c.value))
        .collect()
}

fn reference(s: &str) -> Value {
    Value::Reference(s.into())
}

#[test]
fn from_with_platform_and_stage() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n\
                    FROM build AS again\n\
                    from   alpine:3.20\n\
                    FROM scratch\n";
    assert_eq!(
        found(text),
        [
            (1, 32, reference("golang:1.22")),
            (3, 8, reference("alpine:3.20"))
        ]
    );
}

#[test]
fn continuation_lines_and_comments_between_them() {
    let text = "FROM \\\n# a comment\n\n    --platform=linux/amd64 \\\n   nginx:1.27 \\\n  AS web\nFROM web\n";
    assert_eq!(found(text), [(5, 4, reference("nginx:1.27"))]);
}

#[test]
fn escape_directive_changes_the_continuation_character() {
    let text = "# escape=`\n\nFROM `\n  mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir c:\\\nFROM \\\n";
    let got = found(text);
    assert_eq!(
        got[0],
        (
            4,
            3,
            reference("mcr.microsoft.com/windows/servercore:ltsc2022")
        )
    );
    // With '`' as escape, a trailing '\' is a plain byte: `FROM \` names the image "\".
    assert_eq!(got[1], (6, 6, reference("\\")));
    assert_eq!(got.len(), 2);
}

#[test]
fn a_directive_after_an_instruction_is_a_comment() {
    let text = "FROM a\n# escape=`\nFROM b `\n";
    assert_eq!(found(text)[1], (3, 6, reference("b")));
}

#[test]
fn arg_defaults_expand_and_missing_ones_stay_unresolved() {
    let text = "ARG REGISTRY=quay.io\nARG TAG\nFROM ${REGISTRY}/org/app:v1\n\
                    FROM $REGISTRY/org/app:$TAG\nFROM alpine:${TAG:-3.20}\n\
                    FROM ${TAG:+registry.example.com/}app:1\nFROM ${REGISTRY:+$REGISTRY/}app:1\n";
    assert_eq!(
        found(text),
        [
            (3, 6, reference("quay.io/org/app:v1")),
            (
                4,
                6,
                Value::Unresolved("$REGISTRY/org/app:$TAG".into(), Unknown::NoDefault)
            ),
            (5, 6, reference("alpine:3.20")),
            // `:+` gives nothing for an unset variable, its word for a set one.
            // At its first byte: the unset `${TAG:+…}` gives none.
            (6, 35, reference("app:1")),
            (7, 6, reference("quay.io/app:1")),
        ]
    );
}

#[test]
fn an_arg_after_from_does_not_apply_to_it() {
    let text = "FROM app:$V\nARG V=1\nFROM app:$V\n";
    assert_eq!(
        found(text),
        [
            (1, 6, Value::Unresolved("app:$V".into(), Unknown::NoDefault)),
            (3, 6, Value::Unresolved("app:$V".into(), Unknown::NoDefault)),
        ]
    );
}

/// BuildKit's lexer: outside quotes the escape character makes any next character literal
/// and goes; inside double quotes it escapes only `"`, `$` and itself, and stays before
/// anything else.
#[test]
fn an_escaped_dollar_is_a_literal_dollar_and_escapes_go_outside_quotes() {
    let text = "ARG V=1\nFROM img:\\$V\nFROM a\\b:$V\nFROM \"a\\b:\\$V\"\n";
    assert_eq!(
        found(text),
        [
            (2, 6, reference("img:$V")),
            (3, 6, reference("ab:1")),
            (4, 7, reference("a\\b:$V")),
        ]
    );
}

#[test]
fn each_default_form_picks_the_value_or_the_word() {
    let text = "ARG SET=2\nARG EMPTY=\nARG NONE\nARG INDIRECT=$SET\n\
                    FROM a:${SET:-1}\nFROM a:${EMPTY:-1}\nFROM a:${NONE-1}\nFROM a:${EMPTY-1}x\n\
                    FROM a:${INDIRECT}\n";
    assert_eq!(
        found(text),
        [
            (5, 6, reference("a:2")),
            (6, 6, reference("a:1")),
            (7, 6, reference("a:1")),
            (8, 6, reference("a:x")),
            // Expanded where it is declared, as Docker does.
            (9, 6, reference("a:2")),
        ]
    );
}

/// BuildKit (since v0.17, `buildMetaArgs`) adds a global ARG to the scope only when it has
/// a value, so a later `ARG NAME` without a default leaves the earlier default in place.
#[test]
fn a_global_arg_declared_again_without_a_default_keeps_it() {
    let text = "ARG T=1\nARG T\nFROM a:$T\nARG U\nFROM b:$U\n";
    assert_eq!(
        found(text),
        [
            (3, 6, reference("a:1")),
            (5, 6, Value::Unresolved("b:$U".into(), Unknown::NoDefault)),
        ]
    );
}

#[test]
fn stage_args_inherit_global_defaults() {
    let text = "ARG BASE=busybox\nFROM alpine\nARG BASE\nCOPY --from=$BASE /bin/sh /sh\n";
    assert_eq!(
        found(text),
        [(2, 6, reference("alpine")), (4, 13, reference("busybox"))]
    );
}

#[test]
fn copy_and_run_mount_from_skip_stages_and_indexes() {
    let text = "FROM golang AS build\nFROM alpine\n\
                    COPY --from=build /a /a\nCOPY --from=0 /a /a\n\
                    COPY --chown=1 --from=nginx:1.27 /etc/nginx /etc/nginx\n\
                    RUN --mount=type=bind,from=Build,target=/x true\n\
                    RUN --mount=type=cache,target=/c --mount=type=bind,from=busybox:1,source=/bin,target=/b ls\n\
                    COPY a --from=nope /b\n";
    assert_eq!(
        found(text),
        [
            (1, 6, reference("golang")),
            (2, 6, reference("alpine")),
            (5, 23, reference("nginx:1.27")),
            (7, 57, reference("busybox:1")),
        ]
    );
}

#[test]
fn lines_holding_only_the_escape_keep_positions() {
    let text = "FROM \\\n\\\n   \\\n\n  alpine:3 \\\n\\\n AS x\nCOPY --from=x \\\n\\\n a b\nFROM \\\n\\\nbusybox";
    assert_eq!(
        found(text),
        [(5, 3, reference("alpine:3")), (13, 1, reference("busybox"))]
    );
}

#[test]
fn heredoc_bodies_are_not_instructions() {
    let text = "FROM alpine\nRUN <<EOF\nFROM not-an-image\nEOF\nRUN <<-'END' cat\n\tFROM nope\n\tEND\nFROM busybox\n";
    assert_eq!(
        found(text),
        [(1, 6, reference("alpine")), (8, 6, reference("busybox"))]
    );
}

/// A here-document ends only at its own word (with `_` allowed in it), however many lines
/// its body has; `<<` without a word opens none.
#[test]
fn a_heredoc_ends_at_its_word_and_a_bare_marker_opens_none() {
    let text = "RUN <<END_X\necho\nFROM inside\nEND_X\nFROM after:1\nRUN cat <<\nFROM last:2\n";
    assert_eq!(
        found(text),
        [(5, 6, reference("after:1")), (7, 6, reference("last:2"))]
    );
}

#[test]
fn crlf_lines_and_multibyte_text_count_bytes() {
    let text = "# é\r\nFROM  ubuntu:24.04 AS é\r\nLABEL x=\"é\"\r\nCOPY --from=é a b\r\n";
    assert_eq!(found(text), [(2, 7, reference("ubuntu:24.04"))]);
}

proptest::proptest! {
    /// Any text: no panic, and every position is a real byte of the text where the token
    /// starts (a plain reference is the text at that position).
    #[test]
    fn any_text_gives_positions_inside_it(
        text in "((FROM|COPY|RUN|ARG|# escape=|AS|--from=|--mount=from=|\\$\\{?|[a-z:/.@$ \t\\`=-]{0,12})[ \n\r\\\\`]?){0,24}"
    ) {
        let lines: Vec<&str> = text.lines().collect();
        for c in candidates(&text) {
            let line = lines[c.line - 1];
            proptest::prop_assert!(c.column >= 1 && c.column <= line.len());
            if let Value::Reference(r) = &c.value {
                if !line.contains('$') {
                    let at = &line.as_bytes()[c.column - 1..];
                    proptest::prop_assert!(at.starts_with(&r.as_bytes()[..r.len().min(at.len()).min(1)]));
                }
            }
        }
    }
}

proptest::proptest! {
    /// Text made of the lexer's and the parser's special pieces (quotes, braces, heredoc
    /// markers, escapes of both kinds, a BOM, CRLF): no panic, and every position is inside
    /// the text as a person sees it (line 1 without the BOM).
    #[test]
    fn special_pieces_never_panic_and_stay_inside(
        bom in proptest::bool::ANY,
        text in "((FROM|COPY|RUN|ADD|ARG|ONBUILD|# syntax=|# escape=`|AS|--from=|--mount=from=|<<-?|<<\\\\|[0-9]<<|\\$\\{|[:+?#%/-]|\\}|[a-zA-Z_]{1,3}|['\"\\\\`=, \t]|\r?\n)){0,40}"
    ) {
        let text = if bom { format!("\u{feff}{text}") } else { text };
        let visible = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let lines: Vec<&str> = visible.split('\n').collect();
        for c in candidates(&text) {
            proptest::prop_assert!(c.line >= 1 && c.line <= lines.len(), "{c:?}");
            let line = lines[c.line - 1].trim_end_matches('\r');
            proptest::prop_assert!(c.column >= 1 && c.column <= line.len(), "{c:?}");
        }
    }
}

/// An ARG default is expanded from the ARGs before it (`ARG B=${A}x`), in its own scope and
/// not inside single quotes; one that cannot be expanded makes its uses unresolved. It is
/// expanded once: a `$` its value keeps is literal where it is used (BuildKit expands
/// `FROM a:${D}` to `a:$A`, which no registry accepts).
#[test]
fn arg_defaults_are_expanded_where_they_are_declared() {
    let text = "ARG A=quay.io\nARG B=${A}/org\nARG C=$MISSING/x\nARG D='$A'\n\
                    FROM $B/app:1\nFROM $C:1\nFROM a:${D}\nFROM a:$D\n\
                    FROM alpine\nARG A\nARG E=$A/lib\nCOPY --from=$E/tool:2 / /\n";
    assert_eq!(
        found(text),
        [
            (5, 6, reference("quay.io/org/app:1")),
            (6, 6, Value::Unresolved("$C:1".into(), Unknown::NoDefault)),
            (7, 6, reference("a:$A")),
            (8, 6, reference("a:$A")),
            (9, 6, reference("alpine")),
            (12, 13, reference("quay.io/lib/tool:2")),
        ]
    );
}

/// Each expansion stays under 64 KiB, but together they may add at most 8 MiB to the file.
#[test]
fn a_files_expansions_together_stay_within_the_file_limit() {
    let value = "a".repeat(60_000);
    let text = format!("ARG A={value}\n{}", "FROM $A\n".repeat(200));
    let found = candidates(&text);
    let expanded = MAX_FILE_SIZE as usize / value.len();
    assert_eq!(found.len(), 200);
    assert!(found[..expanded]
        .iter()
        .all(|c| c.value == Value::Reference(value.clone())));
    assert!(found[expanded..]
        .iter()
        .all(|c| c.value == Value::TooLong("$A".into())));
}

#[test]
fn an_expansion_past_the_limit_is_too_long_not_built() {
    let value = "a".repeat(1000);
    // 1 KB of file for every 64 KiB of expansion: unbounded, this would grow with the square.
    let token = format!("${{A}}{}", "$A".repeat(70));
    let text = format!("ARG A={value}\nFROM {token}\n");
    assert_eq!(found(&text), [(2, 6, Value::TooLong(token))]);
    let exact = "b".repeat(MAX_EXPANSION);
    let text = format!("ARG A={}\nARG B=b\nFROM $A\nFROM $A$B\n", &exact[1..]);
    assert_eq!(
        found(&text),
        [
            (3, 6, Value::Reference(exact[1..].to_string())),
            (4, 6, Value::Reference(exact.clone())),
        ]
    );
    let text = format!("ARG A={exact}\nFROM ${{A}}:${{T:-x}}\n");
    assert_eq!(
        found(&text),
        [(2, 6, Value::TooLong("${A}:${T:-x}".into()))]
    );
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "FROM",
        "FROM --platform=x",
        "\\",
        "FROM a AS",
        "COPY --from=",
        "RUN --mount=from=",
        "FROM ${",
        "FROM $",
        "FROM ${A",
        "ARG =x\nFROM $",
    ] {
        let _ = candidates(text);
    }
    assert!(candidates("FROM").is_empty());
    // BuildKit's lexer refuses it, so the build fails: it is checked as written.
    assert_eq!(found("FROM ${A"), [(1, 6, reference("${A"))]);
}

/// Expands `word` with `A=alpine`, `E=` (empty), `T` unknown, as a FROM word is expanded.
fn lexed(word: &str) -> Lexed {
    let vars = |name: &str| match name {
        "A" => Lookup::Value("alpine"),
        "E" => Lookup::Value(""),
        _ => Lookup::Unknown(Unknown::NoDefault),
    };
    let mut budget = Budget { left: 1 << 20 };
    lex(word, '\\', true, &vars, &mut budget)
}

fn text(text: &str, first: usize) -> Lexed {
    Lexed::Text {
        text: text.into(),
        first,
    }
}

/// Quote removal as BuildKit's lexer does it (issue 27, class 2): double quotes expand,
/// single quotes keep `$`, quotes anywhere in a word or in a `${…}` word go; the first byte
/// of a quoted word is its first content byte.
#[test]
fn the_lexer_removes_quotes() {
    assert_eq!(lexed("\"repo:1.0\""), text("repo:1.0", 1));
    assert_eq!(lexed("'repo:1.0'"), text("repo:1.0", 1));
    assert_eq!(lexed("\"$A:3\""), text("alpine:3", 1));
    assert_eq!(lexed("'$A:3'"), text("$A:3", 1));
    assert_eq!(lexed("a\"b\"'c'"), text("abc", 0));
    assert_eq!(lexed("${T:-\"repo:1.0\"}"), text("repo:1.0", 0));
    assert_eq!(lexed("${T:-'$A'}:${A:+\"x y\"}"), text("$A:x y", 0));
    assert_eq!(lexed("\"a\\\"b\\$A\\c\""), text("a\"b$A\\c", 1));
    assert_eq!(lexed("\"\"a"), text("a", 2));
    assert_eq!(lexed("\\\"a"), text("\"a", 0));
    // Nothing to show: the word's start.
    assert_eq!(lexed("\"\"''"), text("", 0));
}

#[test]
fn the_lexer_expands_each_form() {
    assert_eq!(lexed("$A:${A}"), text("alpine:alpine", 0));
    assert_eq!(lexed("x${E:-d}${E-d}${T-d}${A:-d}"), text("xddalpine", 0));
    assert_eq!(lexed("x${E:+p}${E+p}${T+p}${A:+p}"), text("xpp", 0));
    assert_eq!(lexed("${A?}${A:?no}${E?}"), text("alpinealpine", 0));
    assert_eq!(lexed("${T:-${A:-x}}-${A:-${T}}"), text("alpine-alpine", 0));
    assert_eq!(lexed("$1x$"), Lexed::Unresolved(Unknown::NoDefault));
    assert_eq!(lexed("a$"), text("a$", 0));
    assert_eq!(lexed("a$-"), Lexed::Unresolved(Unknown::NoDefault));
    assert_eq!(lexed("${T}"), Lexed::Unresolved(Unknown::NoDefault));
    assert_eq!(lexed("${T?}"), Lexed::Unresolved(Unknown::NoDefault));
    assert_eq!(lexed("\"${T}\""), Lexed::Unresolved(Unknown::NoDefault));
    // Pattern operators are not evaluated.
    assert_eq!(lexed("${A%e}"), Lexed::Unresolved(Unknown::NoDefault));
    assert_eq!(lexed("${A/a/b}"), Lexed::Unresolved(Unknown::NoDefault));
    // An unknown variable in a word that is not used does not matter.
    assert_eq!(lexed("${A:-$T}"), text("alpine", 0));
    assert_eq!(lexed("${T:+$T}x"), text("x", 8));
}

/// Words BuildKit's lexer refuses: unterminated quotes and braces, empty or bad
/// substitutions, unknown operators, `${V:?}` of an empty V.
#[test]
fn the_lexer_refuses_what_buildkit_refuses() {
    for word in [
        "\"a",
        "'a",
        "a\"",
        "${A",
        "${A:-x",
        "${}",
        "${:-x}",
        "${{A}}",
        "${A!x}",
        "${A:!x}",
        "${A:/x/y}",
        "${E:?}",
        "\"a\\",
        "${A:-\\",
        "${A/x",
        "$",
        "${",
    ] {
        let expected = if word == "$" {
            text("$", 0)
        } else {
            Lexed::Malformed
        };
        assert_eq!(lexed(word), expected, "{word}");
    }
    // A trailing escape outside quotes is dropped.
    assert_eq!(lexed("a\\"), text("a", 0));
}

/// Deep nesting is read with an explicit stack: no stack overflow, linear time.
#[test]
fn deeply_nested_words_are_lexed_without_recursion() {
    let depth = 200_000;
    let word = format!("{}x{}", "${T:-".repeat(depth), "}".repeat(depth));
    assert_eq!(lexed(&word), text("x", 0));
    let word = format!("{}x", "${T:-\"".repeat(depth));
    assert_eq!(lexed(&word), Lexed::Malformed);
}

#[test]
fn heredoc_words_and_their_terminators() {
    for (word, expected) in [
        ("<<EOT", Some(("EOT", false))),
        ("<<-EOT", Some(("EOT", true))),
        ("<<\"EOT\"", Some(("EOT", false))),
        ("<<'EOT'", Some(("EOT", false))),
        ("<<\\EOT", Some(("EOT", false))),
        ("<<-\\EOT", Some(("EOT", true))),
        ("3<<E\"O\"T", Some(("EOT", false))),
        ("<<$X", Some(("$X", false))),
        ("<<${X:-a}", Some(("${X:-a}", false))),
        ("<<", None),
        ("<<-", None),
        ("<<\"\"", None),
        ("<<a<<b", None),
        ("<<\"EOT", None),
        ("x<<EOT", None),
        ("<EOT", None),
    ] {
        let got = heredoc(word);
        assert_eq!(
            got.as_ref().map(|(n, c)| (n.as_str(), *c)),
            expected,
            "{word}"
        );
    }
}

fn words(line: &str) -> Result<Vec<&str>, Malformed> {
    let mut words = Vec::new();
    heredoc_words(line, |w| words.push(w))?;
    Ok(words)
}

#[test]
fn heredoc_detection_splits_lines_as_buildkit_does() {
    assert_eq!(
        words("COPY <<a <<b /dst"),
        Ok(vec!["COPY", "<<a", "<<b", "/dst"])
    );
    assert_eq!(
        words("RUN echo \"<<no x\" '<<no y' a\\ <<b"),
        Ok(vec!["RUN", "echo", "\"<<no x\"", "'<<no y'", "a\\ <<b"])
    );
    // A `${…}` is split again, even inside its quotes.
    assert_eq!(
        words("RUN ${X:-\"a <<b\"} \"${X:- c}\""),
        Ok(vec!["RUN", "${X:-\"a", "<<b\"}", "\"${X:- c}\""])
    );
    assert_eq!(words("RUN cat <<EOF \"unterminated"), Err(Malformed));
    assert_eq!(words("RUN cat <<EOF ${"), Err(Malformed));
}

/// Class 3: every heredoc form, several per line, the escaped form `<<-\EOT`; a body line
/// that looks like an instruction is data.
#[test]
fn heredoc_bodies_of_every_form_are_data() {
    let text = "FROM alpine\n\
                    COPY <<-\\EOT /etc/motd\n\tFROM Bad\n\tEOT\n\
                    COPY <<a <<\"b\" /dst/\nFROM Bad1\na\nFROM Bad2\nb\n\
                    RUN 3<<'X' cat <&3\nFROM Bad3\nX\n\
                    ONBUILD RUN <<EOT\nFROM Bad4\nEOT\n\
                    RUN cat <<EOF > \"/x <<EOT\"\nFROM Bad5\nEOF\n\
                    FROM busybox\n";
    assert_eq!(
        found(text),
        [(1, 6, reference("alpine")), (19, 6, reference("busybox"))]
    );
}

/// BuildKit's lexer refuses the line, so BuildKit opens no heredoc on it; and `cat<<EOF`
/// (no space) is no heredoc word.
#[test]
fn a_line_the_lexer_refuses_opens_no_heredoc() {
    let text = "RUN cat <<EOF 'x\nFROM seen:1\nEOF\nRUN cat<<EOF\nFROM seen:2\nEOF\n";
    assert_eq!(
        found(text),
        [(2, 6, reference("seen:1")), (5, 6, reference("seen:2"))]
    );
}

/// Class 1: a BOM is dropped; columns on line 1 count from the first visible character.
#[test]
fn a_byte_order_mark_is_ignored() {
    let text = "\u{feff}FROM alpine:3.20 AS base\r\nFROM base\r\n";
    assert_eq!(found(text), [(1, 6, reference("alpine:3.20"))]);
    let text = "\u{feff}# syntax=docker/dockerfile:1\n# escape=`\nFROM a`\nb\n";
    assert_eq!(
        found(text),
        [
            (1, 10, reference("docker/dockerfile:1")),
            (3, 6, reference("ab"))
        ]
    );
    // Only before the first line.
    let text = "FROM a\n\u{feff}FROM b\n";
    assert_eq!(found(text), [(1, 6, reference("a"))]);
}

/// Class 5: `# syntax=IMAGE` is the frontend image, checked at its first byte, when it is a
/// directive: before any instruction, other comment or blank line.
#[test]
fn the_syntax_directive_is_a_candidate() {
    type Found = &'static [(usize, usize, &'static str)];
    let cases: &[(&str, Found)] = &[
        (
            "# syntax=docker/dockerfile:1.7\nFROM a\n",
            &[(1, 10, "docker/dockerfile:1.7"), (2, 6, "a")],
        ),
        (
            "#syntax = d/f:1  \nFROM a\n",
            &[(1, 11, "d/f:1"), (2, 6, "a")],
        ),
        (
            "# escape=\\\n# check=skip=all\n# SYNTAX=d/f:1 --arg\n",
            &[(3, 10, "d/f:1")],
        ),
        (
            "#!/usr/bin/env buildx\n# syntax=d/f:1\n",
            &[(2, 10, "d/f:1")],
        ),
        ("// syntax=d/f:1\n", &[(1, 11, "d/f:1")]),
        // Not directives.
        ("# a comment\n# syntax=d/f:1\n", &[]),
        ("\n# syntax=d/f:1\n", &[]),
        ("FROM a\n# syntax=d/f:1\n", &[(1, 6, "a")]),
        ("# unknown=1\n# syntax=d/f:1\n", &[]),
        ("  # syntax=d/f:1\n", &[]),
        ("# syntax=\n", &[]),
        ("# syntax=d/f:1\n# syntax=d/f:2\n", &[(1, 10, "d/f:1")]),
    ];
    for (text, expected) in cases {
        let expected: Vec<_> = expected
            .iter()
            .map(|&(l, c, r)| (l, c, reference(r)))
            .collect();
        assert_eq!(found(text), expected, "{text:?}");
    }
}

/// An escape directive after something else is a comment, and so is an indented one for
/// the frontend but not for the parser: BuildKit trims lines on the left before it looks.
#[test]
fn the_escape_directive_follows_buildkit() {
    let text = "# foo=bar\n# escape=`\nFROM a `\n";
    assert_eq!(found(text), [(3, 6, reference("a"))]);
    let text = "  # escape=`\nFROM a`\nb\n";
    assert_eq!(found(text), [(2, 6, reference("ab"))]);
}

/// BuildKit joins continuation lines as written: no space added, the first line trimmed on
/// the left only; an escaped escape ends the line.
#[test]
fn continuation_lines_join_as_written() {
    let text = "FROM alpine:\\\n3.20 AS a\nFROM \\\n  busybox\\\n:1\nFROM c:\\\\\nFROM d\n\
                    FROM e\\\n    AS e2\nFROM e2\n";
    assert_eq!(
        found(text),
        [
            (1, 6, reference("alpine:3.20")),
            (4, 3, reference("busybox:1")),
            (6, 6, reference("c:\\")),
            (7, 6, reference("d")),
            // The continuation's indentation still separates `e` from `AS`.
            (8, 6, reference("e")),
        ]
    );
    assert_eq!(continuation("a \\ \t", '\\'), ("a ", true));
    assert_eq!(continuation("\\", '\\'), ("", true));
    assert_eq!(continuation("a\\\\", '\\'), ("a\\\\", false));
    assert_eq!(continuation("a\\", '`'), ("a\\", false));
}

/// Class 6: the stage check runs after expansion, case-insensitively.
#[test]
fn a_stage_chosen_through_an_arg_is_a_stage() {
    let text = "ARG TYPE=prod\nFROM node:20 AS Build-Prod\nFROM node:20 AS build-dev\n\
                    FROM build-${TYPE} AS final\nFROM ${TYPE:+build-}dev\nFROM ${BASE:-scratch}\n\
                    ARG TYPE\nCOPY --from=build-${TYPE} /a /b\nFROM build-${NOPE}\n";
    assert_eq!(
        found(text),
        [
            (2, 6, reference("node:20")),
            (3, 6, reference("node:20")),
            (
                9,
                6,
                Value::Unresolved("build-${NOPE}".into(), Unknown::NoDefault)
            ),
        ]
    );
}

/// Class 11: a global ARG's default is out of scope in a stage that does not declare it
/// again; a variable nothing gives a value has no default.
#[test]
fn unresolved_variables_say_why() {
    let text = "ARG BUILDER=golang:1.22\nARG NODEFAULT\nFROM alpine\n\
                    COPY --from=$BUILDER /a /a\nCOPY --from=${NODEFAULT} /b /b\n\
                    ARG DERIVED=$BUILDER-x\nCOPY --from=$DERIVED /c /c\n\
                    COPY --from=${BUILDER:-busybox} /d /d\n\
                    ARG BUILDER\nCOPY --from=$BUILDER /e /e\nFROM alpine\nCOPY --from=$BUILDER /f /f\n";
    let out_of_scope = |s: &str| Value::Unresolved(s.into(), Unknown::OutOfScope);
    assert_eq!(
        found(text),
        [
            (3, 6, reference("alpine")),
            (4, 13, out_of_scope("$BUILDER")),
            (
                5,
                13,
                Value::Unresolved("${NODEFAULT}".into(), Unknown::NoDefault)
            ),
            (7, 13, out_of_scope("$DERIVED")),
            (8, 13, reference("busybox")),
            (10, 13, reference("golang:1.22")),
            (11, 6, reference("alpine")),
            (12, 13, out_of_scope("$BUILDER")),
        ]
    );
}

/// Flags are unquoted as BuildKit's flag reader does, `--mount` options read as CSV with
/// keys in any case; positions are those of the value's first byte.
#[test]
fn from_flags_are_unquoted() {
    let text = "FROM alpine\n\
                    COPY --from=\"nginx:1.27\" --chown=\"a b\" /a /b\n\
                    COPY --from='quay.io/org/app:1' /a /b\n\
                    RUN --mount=type=bind,FROM=busybox:1,target=/b true\n\
                    RUN --mount=\"type=bind,from=busybox:2\" true\n\
                    RUN --mount=type=bind,\"from=busybox:3\" true\n\
                    RUN --mount=type=cache,target=/c -- --mount=from=not-a-flag true\n\
                    COPY --from=\\\"x /a /b\n";
    assert_eq!(
        found(text),
        [
            (1, 6, reference("alpine")),
            (2, 14, reference("nginx:1.27")),
            (3, 14, reference("quay.io/org/app:1")),
            (4, 28, reference("busybox:1")),
            (5, 29, reference("busybox:2")),
            (6, 29, reference("busybox:3")),
            (8, 14, reference("\"x")),
        ]
    );
}

/// Hostile shapes stay linear. Measured by hand on 8 MiB files in a release build
/// (`target/release/registry-names scan`), each in well under a second; here 1 MiB of each
/// only has to finish.
#[test]
fn hostile_inputs_terminate() {
    let size = 1 << 20;
    let inputs = [
        format!("RUN {}\n", "<<a ".repeat(size / 4)),
        format!(
            "COPY {}\n{}",
            "<<a ".repeat(size / 8),
            "a\n".repeat(size / 4)
        ),
        "RUN <<a\n".repeat(size / 8),
        format!("FROM {}\n", "\"".repeat(size)),
        format!("FROM {}\n", "\"".repeat(size - 1)),
        format!(
            "ARG A={}\nFROM {}\n",
            "'".repeat(size / 2),
            "$".repeat(size / 2)
        ),
        format!("FROM {}\n", "${".repeat(size / 2)),
        format!("FROM {}x\n", "${A:-".repeat(size / 5)),
        format!("ARG A=x\nFROM {}\n", "$A".repeat(size / 2)),
        format!("RUN {}\n", "${X:- <<a}".repeat(size / 10)),
        "FROM a \\\n".repeat(size / 9),
        format!("RUN --mount={}\n", ",from=a".repeat(size / 7)),
        format!("ARG {}\n", "a=1 ".repeat(size / 4)),
    ];
    for input in &inputs {
        let _ = candidates(input);
    }
}
