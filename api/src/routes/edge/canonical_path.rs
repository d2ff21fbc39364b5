//! One spelling per path. The router decodes percent-encoded characters before it matches a
//! route, so any check that read the raw path could be walked around (`/api/v1/%68olds`
//! reaches the holds handler). Every request's path is therefore made canonical before
//! anything reads it — percent-encoded unreserved characters decoded and the hex digits of
//! every other escape upper-cased (RFC 3986 §6.2.2) — and a path without one clear meaning
//! is refused: an encoded `/` or `\`, an encoded `%` (double encoding), control characters,
//! bytes that are not UTF-8, empty segments (`//`), dot segments (`.`, `..`), broken escapes,
//! and paths longer than [`MAX_PATH_BYTES`].

use std::borrow::Cow;

/// Longer paths are refused (414); no route of ours comes near it.
pub const MAX_PATH_BYTES: usize = 2048;

/// Why a path has no canonical form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PathRefusal {
    #[error("the path is longer than {MAX_PATH_BYTES} bytes")]
    TooLong,
    #[error("the path contains an encoded path separator (%2F or %5C)")]
    EncodedSeparator,
    #[error("the path contains an encoded percent sign (double encoding)")]
    DoubleEncoding,
    #[error("the path contains a control character")]
    ControlCharacter,
    #[error("the path contains a malformed percent escape")]
    MalformedEscape,
    #[error("the path is not valid UTF-8")]
    NotUtf8,
    #[error("the path contains an empty segment (//)")]
    EmptySegment,
    #[error("the path contains a dot segment (. or ..)")]
    DotSegment,
}

/// The canonical form of a request path (borrowed when it already is canonical).
pub fn canonical(raw: &str) -> Result<Cow<'_, str>, PathRefusal> {
    if raw.len() > MAX_PATH_BYTES {
        return Err(PathRefusal::TooLong);
    }
    let bytes = raw.as_bytes();
    let mut canonical = String::with_capacity(raw.len());
    // What the path means, byte by byte, to check that it is UTF-8.
    let mut decoded = Vec::with_capacity(raw.len());
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if byte != b'%' {
            if byte.is_ascii_control() {
                return Err(PathRefusal::ControlCharacter);
            }
            canonical.push(char::from(byte));
            decoded.push(byte);
            index += 1;
            continue;
        }
        let escaped = bytes
            .get(index + 1..index + 3)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .ok_or(PathRefusal::MalformedEscape)?;
        match escaped {
            b'/' | b'\\' => return Err(PathRefusal::EncodedSeparator),
            b'%' => return Err(PathRefusal::DoubleEncoding),
            control if control.is_ascii_control() => return Err(PathRefusal::ControlCharacter),
            unreserved if is_unreserved(unreserved) => canonical.push(char::from(unreserved)),
            other => canonical.push_str(&format!("%{other:02X}")),
        }
        decoded.push(escaped);
        index += 3;
    }
    let meaning = std::str::from_utf8(&decoded).map_err(|_| PathRefusal::NotUtf8)?;
    check_segments(meaning)?;
    Ok(if canonical == raw {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(canonical)
    })
}

/// RFC 3986 §2.3: the characters that mean the same encoded or not.
fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// No dot segments anywhere, no empty segment except a trailing slash.
fn check_segments(path: &str) -> Result<(), PathRefusal> {
    let Some(rest) = path.strip_prefix('/') else {
        return Ok(());
    };
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (position, segment) in segments.iter().enumerate() {
        match *segment {
            "." | ".." => return Err(PathRefusal::DotSegment),
            "" if position != last => return Err(PathRefusal::EmptySegment),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_canonical_path_is_borrowed_unchanged() {
        for path in [
            "/",
            "/api/v1/holds",
            "/api/docs/",
            "/booking/PW-7K3M-Q9",
            "/a%20b",
        ] {
            assert!(matches!(canonical(path), Ok(Cow::Borrowed(p)) if p == path));
        }
    }

    #[test]
    fn encoded_letters_digits_and_unreserved_marks_are_decoded() {
        assert_eq!(canonical("/api/v1/%68olds").unwrap(), "/api/v1/holds");
        assert_eq!(canonical("/api/%761/holds").unwrap(), "/api/v1/holds");
        assert_eq!(
            canonical("/%61pi/v1/challenge").unwrap(),
            "/api/v1/challenge"
        );
        assert_eq!(canonical("/%41%2d%5F%7e%31").unwrap(), "/A-_~1");
    }

    #[test]
    fn other_escapes_keep_their_meaning_with_upper_case_hex() {
        assert_eq!(canonical("/a%2bb").unwrap(), "/a%2Bb");
        assert_eq!(canonical("/stra%c3%9fe").unwrap(), "/stra%C3%9Fe");
    }

    #[test]
    fn paths_without_one_clear_meaning_are_refused() {
        let cases = [
            ("/api%2Fv1/holds", PathRefusal::EncodedSeparator),
            ("/api%2fv1/holds", PathRefusal::EncodedSeparator),
            ("/api%5Cv1", PathRefusal::EncodedSeparator),
            ("/api/v1/%2568olds", PathRefusal::DoubleEncoding),
            ("/api/v1/%0aholds", PathRefusal::ControlCharacter),
            ("/api/v1/%00", PathRefusal::ControlCharacter),
            ("/api/v1/%6", PathRefusal::MalformedEscape),
            ("/api/v1/%zz", PathRefusal::MalformedEscape),
            ("/api/v1/%ff", PathRefusal::NotUtf8),
            ("/api//v1/holds", PathRefusal::EmptySegment),
            ("//api/v1/holds", PathRefusal::EmptySegment),
            ("/api/v1/x/../holds", PathRefusal::DotSegment),
            ("/api/./v1/holds", PathRefusal::DotSegment),
            ("/api/v1/%2e%2e/holds", PathRefusal::DotSegment),
            ("/api/v1/..", PathRefusal::DotSegment),
        ];
        for (path, refusal) in cases {
            assert_eq!(canonical(path), Err(refusal), "{path}");
        }
        let long = format!("/{}", "a".repeat(MAX_PATH_BYTES));
        assert_eq!(canonical(&long), Err(PathRefusal::TooLong));
    }

    #[test]
    fn a_trailing_slash_is_kept_for_the_router_to_judge() {
        assert_eq!(canonical("/api/v1/holds/").unwrap(), "/api/v1/holds/");
    }

    proptest! {
        #[test]
        fn the_canonical_form_is_its_own_canonical_form(path in "(/[a-zA-Z0-9%._~+-]{0,6}){1,5}") {
            if let Ok(once) = canonical(&path) {
                let twice = canonical(&once).expect("a canonical path stays acceptable");
                prop_assert_eq!(twice.as_ref(), once.as_ref());
            }
        }

        #[test]
        fn encoding_any_unreserved_character_leads_to_the_same_path(
            path in "(/[a-zA-Z0-9._~-]{1,6}){1,4}",
            pick in any::<prop::sample::Index>(),
        ) {
            prop_assume!(canonical(&path).is_ok());
            let position = pick.index(path.len());
            prop_assume!(path.as_bytes()[position] != b'/');
            let encoded = format!(
                "{}%{:02x}{}",
                &path[..position],
                path.as_bytes()[position],
                &path[position + 1..]
            );
            let decoded = canonical(&encoded).unwrap();
            prop_assert_eq!(decoded.as_ref(), path.as_str());
        }
    }
}
