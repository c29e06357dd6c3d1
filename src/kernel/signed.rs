//! Signed tokens for links in mail that act without a session: turning off
//! one kind of mail, answering "still needed?".
//!
//! A token names one member, one purpose and one object, and a moment
//! after which it is refused; an HMAC-SHA256 over those (with the site's
//! own key, made at first start and kept in the database) makes it
//! unforgeable, and binding the purpose means a token made for one thing
//! can never do another. Nothing is stored per token.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::clock::Timestamp;

/// What a token was made for, and the one thing it can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// The member.
    pub user: i64,
    /// What for (`unsubscribe`, `still_needed`).
    pub purpose: String,
    /// Which object: a kind of mail, a need's id.
    pub object: String,
    /// Refused after this moment.
    pub expires: Timestamp,
}

/// Why a token was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a token of ours, or made for something else.
    Invalid,
    /// Ours, but too old.
    Expired,
}

/// Signs and checks tokens with the site's key.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer")
    }
}

impl Signer {
    /// A signer with `key` (at least 32 bytes).
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    fn mac(&self, payload: &str) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key)
            .expect("HMAC takes a key of any length");
        mac.update(payload.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// The token for `claim`: its fields and their signature, URL-safe.
    pub fn sign(&self, claim: &Claim) -> String {
        let payload = format!(
            "{}.{}.{}.{}",
            claim.user, claim.purpose, claim.object, claim.expires.0
        );
        let mac = self.mac(&payload);
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload.as_bytes()),
            URL_SAFE_NO_PAD.encode(&mac[..20])
        )
    }

    /// The claim in `token` if it is ours, for `purpose`, and not expired
    /// at `now`.
    pub fn check(&self, token: &str, purpose: &str, now: Timestamp) -> Result<Claim, Refused> {
        let (payload, mac) = token.split_once('.').ok_or(Refused::Invalid)?;
        let payload = URL_SAFE_NO_PAD
            .decode(payload)
            .ok()
            .and_then(|p| String::from_utf8(p).ok())
            .ok_or(Refused::Invalid)?;
        let given = URL_SAFE_NO_PAD.decode(mac).map_err(|_| Refused::Invalid)?;
        let expected = self.mac(&payload);
        let same = given.len() == 20
            && given
                .iter()
                .zip(&expected[..20])
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if !same {
            return Err(Refused::Invalid);
        }
        let mut parts = payload.split('.');
        let (Some(user), Some(kind), Some(object), Some(expires), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            return Err(Refused::Invalid);
        };
        let claim = Claim {
            user: user.parse().map_err(|_| Refused::Invalid)?,
            purpose: kind.to_owned(),
            object: object.to_owned(),
            expires: Timestamp(expires.parse().map_err(|_| Refused::Invalid)?),
        };
        if claim.purpose != purpose {
            return Err(Refused::Invalid);
        }
        if claim.expires <= now {
            return Err(Refused::Expired);
        }
        Ok(claim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim() -> Claim {
        Claim {
            user: 7,
            purpose: "unsubscribe".into(),
            object: "messages".into(),
            expires: Timestamp(1_000),
        }
    }

    #[test]
    fn a_token_checks_out_for_its_purpose_until_it_expires() {
        let signer = Signer::new(vec![1; 32]);
        let token = signer.sign(&claim());
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
        );
        assert_eq!(
            signer.check(&token, "unsubscribe", Timestamp(999)),
            Ok(claim())
        );
        assert_eq!(
            signer.check(&token, "unsubscribe", Timestamp(1_000)),
            Err(Refused::Expired)
        );
        assert_eq!(
            signer.check(&token, "still_needed", Timestamp(0)),
            Err(Refused::Invalid),
            "bound to its purpose"
        );
    }

    #[test]
    fn a_changed_or_foreign_token_is_refused() {
        let signer = Signer::new(vec![1; 32]);
        let token = signer.sign(&claim());
        let other = Signer::new(vec![2; 32]);
        assert_eq!(
            other.check(&token, "unsubscribe", Timestamp(0)),
            Err(Refused::Invalid)
        );
        let (_, mac) = token.split_once('.').expect("two parts");
        let forged_payload = URL_SAFE_NO_PAD.encode("8.unsubscribe.messages.1000");
        assert_eq!(
            signer.check(
                &format!("{forged_payload}.{mac}"),
                "unsubscribe",
                Timestamp(0)
            ),
            Err(Refused::Invalid),
            "another member's id does not carry the signature"
        );
        for junk in ["", ".", "abc", "a.b", "a.b.c"] {
            assert_eq!(
                signer.check(junk, "unsubscribe", Timestamp(0)),
                Err(Refused::Invalid)
            );
        }
    }
}
