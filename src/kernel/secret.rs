//! Random tokens and their hashes: session and CSRF tokens, one-time links,
//! error references.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the operating system's generator, base64url.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// `bytes` random bytes as lowercase base32 (`a`–`z`, `2`–`7`), for
/// tokens that travel where case may be lost: the local part of an e-mail
/// address (`bounce+TOKEN@`), which mail servers may lowercase.
pub fn random_code(bytes: usize) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    let (mut out, mut bits, mut held) = (String::new(), 0_u32, 0_u32);
    for byte in buf {
        held = (held << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((held >> bits) & 31) as usize]));
        }
        held &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((held << (5 - bits)) & 31) as usize]));
    }
    out
}

/// The SHA-256 of a token, hex: what the database keeps instead of the token.
pub fn hash_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_lowercase_and_survive_a_mail_server_lowercasing_them() {
        let a = random_code(15);
        assert_eq!(a.len(), 24, "120 bits in 24 letters and digits");
        assert_ne!(a, random_code(15));
        assert_eq!(a, a.to_ascii_lowercase());
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c))
        );
        assert_eq!(random_code(1).len(), 2);
    }

    #[test]
    fn tokens_are_long_random_and_url_safe() {
        let a = random_token(32);
        let b = random_token(32);
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
    }

    #[test]
    fn token_hashes_are_sha256_hex() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn constant_time_eq_matches_only_equal_strings() {
        assert!(constant_time_eq("secret", "secret"));
        assert!(!constant_time_eq("secret", "secreT"));
        assert!(!constant_time_eq("secret", "secrets"));
    }
}
