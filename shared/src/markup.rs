//! A tiny, strict markup for the help texts staff write, parsed into a structure of plain
//! strings ([`Block`], [`Inline`]) that clients render as elements. The structure has no way to
//! carry raw HTML, and a link survives only if its target is `http(s)://`, `mailto:`, `tel:`,
//! a path on this site (`/…`) or an anchor (`#…`); any other link keeps its text and loses its
//! target. The server and the SPA run the same parser (the SPA for the editor's preview).
//!
//! The syntax, a strict subset of Markdown:
//! - blank lines separate blocks;
//! - a line starting with `- ` or `* ` is a bullet list item, `1. ` (any number) a numbered
//!   one; a following line without a marker continues the item;
//! - other lines form a paragraph, their line breaks read as spaces;
//! - `**text**` is strong, `[text](target)` a link, and `\` takes the next character literally.
//!
//! Everything else, `<script>` included, is text.

use serde::{Deserialize, Serialize};

/// A paragraph or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph { content: Vec<Inline> },
    BulletList { items: Vec<Vec<Inline>> },
    NumberedList { items: Vec<Vec<Inline>> },
}

/// A run of text inside a block. Every string is plain text, to be rendered as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Strong {
        text: String,
    },
    /// `href` has passed [`safe_href`].
    Link {
        text: String,
        href: String,
    },
}

/// Longest link target kept.
const MAX_HREF: usize = 2000;

/// The link target as it may be used in `href`, or `None` if it is not one of the allowed
/// kinds: `http://` or `https://` with a host, `mailto:` with an address, `tel:` with a number,
/// a path on this site (`/…`, but not `//…`) or an anchor (`#…`). Whitespace, control
/// characters, quotes, angle brackets and backslashes are never allowed.
pub fn safe_href(target: &str) -> Option<&str> {
    let target = target.trim();
    let forbidden = |c: char| c.is_whitespace() || c.is_control() || "<>\"'`\\".contains(c);
    if target.is_empty() || target.len() > MAX_HREF || target.contains(forbidden) {
        return None;
    }
    let lower = target.to_ascii_lowercase();
    let allowed = if let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        rest.split(['/', '?', '#'])
            .next()
            .is_some_and(|host| !host.is_empty() && !host.starts_with('@'))
    } else if let Some(address) = lower.strip_prefix("mailto:") {
        address.contains('@') && !address.starts_with('@')
    } else if let Some(number) = lower.strip_prefix("tel:") {
        number.chars().any(|c| c.is_ascii_digit())
            && number
                .chars()
                .all(|c| c.is_ascii_digit() || "+-()/.".contains(c))
    } else if lower.starts_with('/') {
        !lower.starts_with("//")
    } else {
        lower.starts_with('#') && lower.len() > 1
    };
    allowed.then_some(target)
}

/// Parses `source` into blocks. Never fails: what is not markup is text.
pub fn parse(source: &str) -> Vec<Block> {
    parse_collecting(source, &mut Vec::new())
}

/// The link targets in `source` that [`parse`] drops because they are not allowed (for
/// telling the author).
pub fn rejected_links(source: &str) -> Vec<String> {
    let mut rejected = Vec::new();
    parse_collecting(source, &mut rejected);
    rejected
}

/// All text of the blocks, for searching.
pub fn plain_text(blocks: &[Block]) -> String {
    let mut out = String::new();
    let mut push = |inlines: &[Inline]| {
        for inline in inlines {
            let (Inline::Text { text } | Inline::Strong { text } | Inline::Link { text, .. }) =
                inline;
            out.push_str(text);
        }
        out.push('\n');
    };
    for block in blocks {
        match block {
            Block::Paragraph { content } => push(content),
            Block::BulletList { items } | Block::NumberedList { items } => {
                items.iter().for_each(|item| push(item));
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    Bullet,
    Numbered,
}

/// The kind of list item a line starts, and the rest of the line.
fn list_item(line: &str) -> Option<(ListKind, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((ListKind::Bullet, rest));
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        return line[digits..]
            .strip_prefix(". ")
            .map(|rest| (ListKind::Numbered, rest));
    }
    None
}

/// A block being collected: lines of a paragraph, or items (each a list of lines).
enum Pending<'a> {
    None,
    Paragraph(Vec<&'a str>),
    List(ListKind, Vec<Vec<&'a str>>),
}

fn parse_collecting(source: &str, rejected: &mut Vec<String>) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut pending = Pending::None;
    for line in source.lines().map(str::trim) {
        if line.is_empty() {
            finish(&mut pending, &mut blocks, rejected);
            continue;
        }
        match (list_item(line), &mut pending) {
            (Some((kind, rest)), Pending::List(current, items)) if *current == kind => {
                items.push(vec![rest]);
            }
            (Some((kind, rest)), _) => {
                finish(&mut pending, &mut blocks, rejected);
                pending = Pending::List(kind, vec![vec![rest]]);
            }
            (None, Pending::List(_, items)) => {
                if let Some(item) = items.last_mut() {
                    item.push(line);
                }
            }
            (None, Pending::Paragraph(lines)) => lines.push(line),
            (None, Pending::None) => pending = Pending::Paragraph(vec![line]),
        }
    }
    finish(&mut pending, &mut blocks, rejected);
    blocks
}

fn finish(pending: &mut Pending<'_>, blocks: &mut Vec<Block>, rejected: &mut Vec<String>) {
    let block = match std::mem::replace(pending, Pending::None) {
        Pending::None => return,
        Pending::Paragraph(lines) => Block::Paragraph {
            content: inlines(&lines.join(" "), rejected),
        },
        Pending::List(kind, items) => {
            let items: Vec<Vec<Inline>> = items
                .iter()
                .map(|lines| inlines(&lines.join(" "), rejected))
                .filter(|item| !item.is_empty())
                .collect();
            match kind {
                ListKind::Bullet => Block::BulletList { items },
                ListKind::Numbered => Block::NumberedList { items },
            }
        }
    };
    let empty = match &block {
        Block::Paragraph { content } => content.is_empty(),
        Block::BulletList { items } | Block::NumberedList { items } => items.is_empty(),
    };
    if !empty {
        blocks.push(block);
    }
}

/// Collects inlines, merging neighbouring text runs and skipping empty ones.
#[derive(Default)]
struct Runs(Vec<Inline>);

impl Runs {
    fn text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Inline::Text { text: last }) = self.0.last_mut() {
            last.push_str(text);
        } else {
            self.0.push(Inline::Text { text: text.into() });
        }
    }

    fn push(&mut self, inline: Inline) {
        match inline {
            Inline::Text { text } => self.text(&text),
            Inline::Strong { text } | Inline::Link { text, .. } if text.is_empty() => {}
            other => self.0.push(other),
        }
    }
}

/// Text with `\` escapes resolved, up to (not including) the first unescaped `stop` sequence.
/// Returns the text and the byte length consumed (without the stop), or `None` if `stop`
/// never comes.
fn until(source: &str, stop: &str) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = source.char_indices();
    while let Some((index, c)) = chars.next() {
        if source[index..].starts_with(stop) {
            return Some((text, index));
        }
        if c == '\\' {
            match chars.next() {
                Some((_, next)) => text.push(next),
                None => text.push('\\'),
            }
        } else {
            text.push(c);
        }
    }
    None
}

/// A link target up to the `)` that closes it (balanced parentheses inside are kept), with
/// escapes resolved; the byte length consumed without that `)`.
fn link_target(source: &str) -> Option<(String, usize)> {
    let mut target = String::new();
    let mut depth = 0_usize;
    let mut chars = source.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            ')' if depth == 0 => return Some((target, index)),
            ')' => depth -= 1,
            '(' => depth += 1,
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    target.push(next);
                }
                continue;
            }
            _ => {}
        }
        target.push(c);
    }
    None
}

fn inlines(source: &str, rejected: &mut Vec<String>) -> Vec<Inline> {
    let mut runs = Runs::default();
    let mut rest = source;
    while let Some(c) = rest.chars().next() {
        if c == '\\' {
            let mut chars = rest.chars();
            chars.next();
            match chars.next() {
                Some(next) => {
                    runs.text(&next.to_string());
                    rest = &rest[1 + next.len_utf8()..];
                }
                None => {
                    runs.text("\\");
                    rest = "";
                }
            }
            continue;
        }
        if let Some(after) = rest.strip_prefix("**")
            && let Some((text, used)) = until(after, "**")
        {
            runs.push(Inline::Strong {
                text: text.trim().to_owned(),
            });
            rest = &after[used + 2..];
            continue;
        }
        if let Some(after) = rest.strip_prefix('[')
            && let Some((text, used)) = until(after, "](")
            && let Some((target, target_used)) = link_target(&after[used + 2..])
        {
            let text = text.trim().to_owned();
            match safe_href(&target) {
                Some(href) => runs.push(Inline::Link {
                    text: if text.is_empty() { href.into() } else { text },
                    href: href.into(),
                }),
                None => {
                    rejected.push(target.trim().to_owned());
                    runs.text(&text);
                }
            }
            rest = &after[used + 2 + target_used + 1..];
            continue;
        }
        runs.text(&rest[..c.len_utf8()]);
        rest = &rest[c.len_utf8()..];
    }
    runs.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn text(text: &str) -> Inline {
        Inline::Text { text: text.into() }
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines_and_lines_join_with_spaces() {
        let blocks = parse("Erste Zeile\nzweite Zeile\n\n  Neuer Absatz  ");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    content: vec![text("Erste Zeile zweite Zeile")]
                },
                Block::Paragraph {
                    content: vec![text("Neuer Absatz")]
                },
            ]
        );
    }

    #[test]
    fn list_items_follow_a_paragraph_and_continue_on_unmarked_lines() {
        let blocks =
            parse("Bitte bringen Sie mit:\n- Ausweis\n  oder Pass\n* Foto\n1. eins\n2. zwei");
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    content: vec![text("Bitte bringen Sie mit:")]
                },
                Block::BulletList {
                    items: vec![vec![text("Ausweis oder Pass")], vec![text("Foto")]]
                },
                Block::NumberedList {
                    items: vec![vec![text("eins")], vec![text("zwei")]]
                },
            ]
        );
    }

    #[test]
    fn strong_text_links_and_escapes_are_recognised() {
        let blocks =
            parse(r"Rufen Sie **sofort** an: [(05 71) 79 12 23](tel:+49571791223), \*kein\* Stern");
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                content: vec![
                    text("Rufen Sie "),
                    Inline::Strong {
                        text: "sofort".into()
                    },
                    text(" an: "),
                    Inline::Link {
                        text: "(05 71) 79 12 23".into(),
                        href: "tel:+49571791223".into()
                    },
                    text(", *kein* Stern"),
                ]
            }]
        );
    }

    #[test]
    fn html_is_only_ever_text() {
        let blocks = parse("<script>alert(1)</script> <b onmouseover=x>fett</b>");
        assert_eq!(
            blocks,
            vec![Block::Paragraph {
                content: vec![text("<script>alert(1)</script> <b onmouseover=x>fett</b>")]
            }]
        );
    }

    #[test]
    fn links_to_other_schemes_keep_their_text_and_lose_their_target() {
        for target in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/",
            "/\\\\evil.example",
            "https://",
            "http://@evil",
            "mailto:",
            "tel:abc",
            "java\tscript:alert(1)",
            "https://example.org/\"onmouseover=\"x",
            "relative/path",
        ] {
            let source = format!("[Klick]({target})");
            assert_eq!(
                parse(&source),
                vec![Block::Paragraph {
                    content: vec![text("Klick")]
                }],
                "{target}"
            );
            assert_eq!(rejected_links(&source).len(), 1, "{target}");
        }
    }

    #[test]
    fn allowed_link_targets_are_kept() {
        for target in [
            "https://www.porta-westfalica.de/buergeramt",
            "http://example.org",
            "mailto:buergeramt@porta-westfalica.example",
            "tel:+49571791223",
            "/book",
            "/help#absagen",
            "#datenschutz",
        ] {
            assert_eq!(safe_href(target), Some(target), "{target}");
            assert!(rejected_links(&format!("[x]({target})")).is_empty());
        }
    }

    #[test]
    fn unfinished_markup_is_text() {
        assert_eq!(
            parse("**offen [link](/ohne-ende"),
            vec![Block::Paragraph {
                content: vec![text("**offen [link](/ohne-ende")]
            }]
        );
        assert_eq!(parse("\n\n**  **\n\n"), Vec::<Block>::new());
        assert_eq!(
            parse("Ende\\"),
            vec![Block::Paragraph {
                content: vec![text("Ende\\")]
            }]
        );
    }

    #[test]
    fn plain_text_joins_everything_a_reader_sees() {
        let blocks = parse("Frage **wichtig**\n\n- [Seite](/book)");
        assert_eq!(plain_text(&blocks), "Frage wichtig\nSeite\n");
    }

    /// An independent check of a link target: the scheme, if any, is one of the allowed ones,
    /// and nothing in it could break out of an attribute.
    fn independently_safe(href: &str) -> bool {
        let lower = href.to_ascii_lowercase();
        let scheme_end = lower.find(':');
        let path_start = lower.find(['/', '?', '#']);
        let has_scheme = match (scheme_end, path_start) {
            (Some(colon), Some(path)) => colon < path,
            (Some(_), None) => true,
            _ => false,
        };
        let scheme_ok = if has_scheme {
            ["http://", "https://", "mailto:", "tel:"]
                .iter()
                .any(|allowed| lower.starts_with(allowed))
        } else {
            (lower.starts_with('/') && !lower.starts_with("//")) || lower.starts_with('#')
        };
        scheme_ok
            && !href
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || "<>\"'`\\".contains(c))
    }

    fn fragments() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "[",
            "]",
            "(",
            ")",
            "](",
            "**",
            "*",
            "\\",
            "\n",
            "\n\n",
            "- ",
            "1. ",
            " ",
            "\t",
            "<script>",
            "</script>",
            "<a href=",
            "\"",
            "'",
            "`",
            "javascript:",
            "JaVaScRiPt:",
            "data:",
            "vbscript:",
            "//",
            "/",
            "#",
            "http://",
            "https://",
            "mailto:",
            "tel:",
            "@",
            "x",
            "ä",
            "&#106;",
            "%6a",
            "\u{0}",
            "\u{202e}",
            "onclick=",
        ]);
        prop::collection::vec(
            prop_oneof![pieces.prop_map(str::to_owned), any::<String>()],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    fn links(blocks: &[Block]) -> Vec<(String, String)> {
        let inlines = blocks.iter().flat_map(|block| match block {
            Block::Paragraph { content } => content.clone(),
            Block::BulletList { items } | Block::NumberedList { items } => items.concat(),
        });
        inlines
            .filter_map(|inline| match inline {
                Inline::Link { text, href } => Some((text, href)),
                _ => None,
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn no_input_yields_an_unsafe_link_or_an_empty_run(source in fragments()) {
            let blocks = parse(&source);
            for (text, href) in links(&blocks) {
                prop_assert!(independently_safe(&href), "unsafe href {href:?} from {source:?}");
                prop_assert_eq!(safe_href(&href), Some(href.as_str()));
                prop_assert!(!text.is_empty());
            }
            for block in &blocks {
                let runs: Vec<&Inline> = match block {
                    Block::Paragraph { content } => content.iter().collect(),
                    Block::BulletList { items } | Block::NumberedList { items } => {
                        items.iter().flatten().collect()
                    }
                };
                prop_assert!(!runs.is_empty());
                for run in runs {
                    let (Inline::Text { text } | Inline::Strong { text } | Inline::Link { text, .. }) = run;
                    prop_assert!(!text.is_empty() && !text.contains('\n'));
                }
            }
        }

        #[test]
        fn the_structure_survives_json_unchanged(source in fragments()) {
            let blocks = parse(&source);
            let json = serde_json::to_string(&blocks).unwrap();
            let back: Vec<Block> = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(back, blocks);
        }
    }
}
