//! Idempotency answers that only the holder of the `Idempotency-Key` can read. A stored answer
//! may carry a manage token, an API key or a webhook secret, and is kept for a day; so it is
//! stored sealed (ChaCha20-Poly1305) under a key derived from the Idempotency-Key and the
//! endpoint's scope with HKDF-SHA256, and looked up by a value derived the same way. Without
//! the Idempotency-Key the database holds nothing that opens, finds or confirms an answer.

use super::tokens::hash_token;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const NONCE_BYTES: usize = 12;

/// The keys of one Idempotency-Key in one scope.
pub struct IdempotencySeal {
    lookup: [u8; 32],
    request: [u8; 32],
    cipher: ChaCha20Poly1305,
}

impl std::fmt::Debug for IdempotencySeal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IdempotencySeal(***)")
    }
}

impl IdempotencySeal {
    pub fn derive(scope: &str, idempotency_key: &str) -> IdempotencySeal {
        let hkdf = Hkdf::<Sha256>::new(Some(scope.as_bytes()), idempotency_key.as_bytes());
        let expand = |info: &[u8]| {
            let mut out = [0_u8; 32];
            hkdf.expand(info, &mut out)
                .expect("32 bytes are a valid HKDF-SHA256 length");
            out
        };
        IdempotencySeal {
            lookup: expand(b"terminvergabe idempotency lookup v1"),
            request: expand(b"terminvergabe idempotency request v1"),
            cipher: ChaCha20Poly1305::new(Key::from_slice(&expand(
                b"terminvergabe idempotency answer v1",
            ))),
        }
    }

    /// What the record is found by.
    pub fn lookup_hash(&self) -> String {
        hex(&self.lookup)
    }

    /// A fingerprint of the request body, to refuse the same key with another body: a MAC
    /// of the body's SHA-256 (what records before sealing kept, so they can be sealed too).
    pub fn request_mac(&self, request_body: &str) -> String {
        self.request_mac_of_hash(&hash_token(request_body))
    }

    /// [`Self::request_mac`] of a body known only by its SHA-256 (`tokens::hash_token`).
    pub fn request_mac_of_hash(&self, body_hash: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.request)
            .expect("HMAC takes keys of any length");
        mac.update(body_hash.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    pub fn seal(&self, answer: &str) -> String {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, answer.as_bytes())
            .expect("sealing a short answer cannot fail");
        let mut stored = nonce.to_vec();
        stored.extend_from_slice(&sealed);
        URL_SAFE_NO_PAD.encode(stored)
    }

    /// The answer, or `None` if it was not sealed with this key.
    pub fn open(&self, stored: &str) -> Option<String> {
        let bytes = URL_SAFE_NO_PAD.decode(stored).ok()?;
        if bytes.len() < NONCE_BYTES {
            return None;
        }
        let (nonce, sealed) = bytes.split_at(NONCE_BYTES);
        let opened = self.cipher.decrypt(Nonce::from_slice(nonce), sealed).ok()?;
        String::from_utf8(opened).ok()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_same_key_in_the_same_scope_opens_the_answer() {
        let seal = IdempotencySeal::derive("bookings", "order-42");
        let stored = seal.seal(r#"{"manage_token":"secret"}"#);
        assert!(!stored.contains("secret"));
        assert_eq!(
            seal.open(&stored).as_deref(),
            Some(r#"{"manage_token":"secret"}"#)
        );
        assert_eq!(
            IdempotencySeal::derive("bookings", "order-43").open(&stored),
            None
        );
        assert_eq!(
            IdempotencySeal::derive("holds", "order-42").open(&stored),
            None
        );
    }

    #[test]
    fn lookup_and_request_fingerprints_depend_on_key_and_scope() {
        let seal = IdempotencySeal::derive("bookings", "order-42");
        assert_eq!(
            seal.lookup_hash(),
            IdempotencySeal::derive("bookings", "order-42").lookup_hash()
        );
        assert_ne!(
            seal.lookup_hash(),
            IdempotencySeal::derive("bookings", "order-43").lookup_hash()
        );
        assert_ne!(
            seal.lookup_hash(),
            IdempotencySeal::derive("holds", "order-42").lookup_hash()
        );
        assert_ne!(seal.request_mac("{}"), seal.request_mac("[]"));
        assert!(!seal.lookup_hash().contains("order"));
    }

    #[test]
    fn a_tampered_answer_does_not_open() {
        let seal = IdempotencySeal::derive("bookings", "k");
        let mut stored = seal.seal("answer").into_bytes();
        let last = stored.len() - 1;
        stored[last] = if stored[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(seal.open(&String::from_utf8(stored).unwrap()), None);
    }
}
