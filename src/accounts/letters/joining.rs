//! Mail about joining: the link that confirms an address, and what a
//! taken address gets instead.

use super::{Site, To};
use crate::mail::{Body, Letter, Link};

/// "Confirm your address": the 48-hour, single-use link sent at sign-up.
/// `to.id` is filled in once the account exists.
///
/// It carries nothing the sign-up form accepted but the address itself:
/// not the name typed, so that nobody can make Kith mail a stranger their
/// words ("Hello Win money at spam.example,") by signing up with the
/// stranger's address.
pub fn confirm_link(
    site: &Site,
    address: &str,
    token: &str,
    applying: bool,
) -> Result<Letter, askama::Error> {
    let mut paragraphs = vec![format!(
        "Thank you for joining {}. Confirm that this address is yours with the button \
         below; the link works once, within 48 hours.",
        site.name
    )];
    paragraphs.push(if applying {
        "Once it is confirmed, your application goes to the moderators, and you will hear \
         from us when they have looked at it."
            .into()
    } else {
        "Until then you can look around, but not post, offer help or send messages.".into()
    });
    let body = Body {
        greeting: "Hello,".into(),
        paragraphs,
        action: Some(Link {
            label: "Confirm my address".into(),
            url: format!("{}/signup/confirm/{token}", site.base_url),
        }),
        reason: format!(
            "You get this because someone signed up on {} with {address}. If it was not you, \
             ignore this message: nothing can be posted in your name.",
            site.name
        ),
        ..Body::default()
    };
    site.letter(
        (None, address),
        "confirm_address",
        format!("Confirm your address for {}", site.name),
        &body,
    )
}

/// "Someone tried to sign up with your address": what a taken address
/// gets instead of an error on the form, so that sign-up tells nobody who
/// is a member and the owner is not left wondering.
pub fn signup_attempt(site: &Site, to: &To<'_>) -> Result<Letter, askama::Error> {
    let body = Body {
        greeting: format!("Hello {},", to.name),
        paragraphs: vec![
            format!(
                "Someone just tried to sign up on {} with your address, which already has an \
                 account.",
                site.name
            ),
            "If it was you: log in instead, or if you have forgotten your password, choose a \
             new one. If it was not you, there is nothing to do: no account was made and \
             nothing changed."
                .into(),
        ],
        items: vec![(
            "Forgot your password? Choose a new one".into(),
            Some(format!("{}/password/forgot", site.base_url)),
        )],
        action: Some(Link {
            label: "Log in".into(),
            url: format!("{}/login", site.base_url),
        }),
        reason: format!(
            "You get this because your address, {}, was typed into the sign-up form of {}.",
            to.address, site.name
        ),
        ..Body::default()
    };
    site.letter(
        (Some(to.id), to.address),
        "signup_attempt",
        format!(
            "Someone tried to sign up on {} with your address",
            site.name
        ),
        &body,
    )
}
