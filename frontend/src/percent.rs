//! Percent-encoding of the parts of an address the SPA builds or reads (RFC 3986), by the
//! `percent-encoding` crate: booking references in paths (they come from outside, e.g.
//! emails), the page to return to after the staff login, the tokens in an email link's fragment.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// What a path segment keeps as it is: the unreserved characters `A-Z a-z 0-9 - . _ ~`.
/// Everything else is encoded, so the result is just as safe as a query or fragment value.
pub const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment (or query value), percent-encoded as UTF-8.
pub fn encode(part: &str) -> String {
    utf8_percent_encode(part, PATH_SEGMENT).to_string()
}

/// A percent-encoded part read back; `None` when the decoded bytes are not UTF-8.
pub fn decode(part: &str) -> Option<String> {
    percent_decode_str(part)
        .decode_utf8()
        .ok()
        .map(|text| text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_segment_with_reserved_characters_spaces_and_umlauts_is_encoded_and_decodes_back() {
        let segment = "PW/7K3M?Q9#a%b c-Größe_~.";
        let encoded = encode(segment);
        assert_eq!(encoded, "PW%2F7K3M%3FQ9%23a%25b%20c-Gr%C3%B6%C3%9Fe_~.");
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)),
            "{encoded}"
        );
        assert_eq!(decode(&encoded).as_deref(), Some(segment));
    }

    #[test]
    fn unreserved_characters_stay_and_bad_utf8_is_refused() {
        assert_eq!(encode("PW-7K3M-Q9"), "PW-7K3M-Q9");
        assert_eq!(encode("/admin/day?office=1"), "%2Fadmin%2Fday%3Foffice%3D1");
        assert_eq!(decode("tok%2Ben").as_deref(), Some("tok+en"));
        assert_eq!(decode("%FF"), None);
    }
}
