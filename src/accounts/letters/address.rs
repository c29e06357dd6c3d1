//! Mail about a change of address: the link to the new address, the
//! notice to the old one once it is used, and what a taken address gets
//! instead of a link.

use super::{Site, To};
use crate::accounts::forms::mask_address;
use crate::mail::{Body, Letter, Link};

/// "Confirm your new address": the 48-hour, single-use link mailed to the
/// address a member asked to use. `to.address` is the new address.
///
/// Like the sign-up link, it goes to an address nobody has confirmed yet,
/// so it carries no name a member typed (see
/// [`super::joining::confirm_link`]).
pub fn new_address_link(site: &Site, to: &To<'_>, token: &str) -> Result<Letter, askama::Error> {
    let body = Body {
        greeting: "Hello,".into(),
        paragraphs: vec![
            format!(
                "You asked to use this address for your account on {}. Confirm it with the \
                 button below; the link works once, within 48 hours.",
                site.name
            ),
            "Until you do, nothing changes: you keep logging in with your current address, \
             and mail keeps going there."
                .into(),
        ],
        action: Some(Link {
            label: "Use this address".into(),
            url: format!("{}/account/email/confirm/{token}", site.base_url),
        }),
        reason: format!(
            "You get this because a member of {} asked to use {} for their account. If it \
             was not you, ignore this message: nothing changes unless the button is pressed.",
            site.name, to.address
        ),
        ..Body::default()
    };
    site.letter(
        (Some(to.id), to.address),
        "confirm_new_address",
        format!("Confirm your new address for {}", site.name),
        &body,
    )
}

/// "Your address was changed": sent to the old address once the new one
/// is confirmed, naming the new one only in part.
pub fn address_changed(site: &Site, to: &To<'_>, new: &str) -> Result<Letter, askama::Error> {
    let body = Body {
        greeting: format!("Hello {},", to.name),
        paragraphs: vec![
            format!(
                "The email address of your account on {} was changed to {}. From now on you \
                 log in with the new address, and mail from {} goes there; this is the last \
                 message sent here.",
                site.name,
                mask_address(new),
                site.name
            ),
            "If that was you, there is nothing more to do.".into(),
            format!(
                "If it was not you, someone who knows your password made the change. Tell a \
                 moderator of {} at once, so they can stop the account while it is put \
                 right, and change that password wherever else you use it. If you can still \
                 read the new address's mail, choose a new password for the account too.",
                site.name
            ),
        ],
        action: Some(Link {
            label: "Reset my password".into(),
            url: format!("{}/password/forgot", site.base_url),
        }),
        reason: format!(
            "You get this because {} was the address of an account on {} until now.",
            to.address, site.name
        ),
        ..Body::default()
    };
    site.letter(
        (Some(to.id), to.address),
        "address_changed",
        format!("Your email address on {} was changed", site.name),
        &body,
    )
}

/// "Someone tried to use your address": what the owner of an address gets
/// when another member asks to move their account to it, instead of an
/// error on that member's form, so the form tells nobody who is a member.
pub fn address_attempt(site: &Site, to: &To<'_>) -> Result<Letter, askama::Error> {
    let body = Body {
        greeting: format!("Hello {},", to.name),
        paragraphs: vec![
            format!(
                "Someone with an account on {} just asked to use your address for it. Your \
                 address already has an account, so nothing changed: an address belongs to \
                 one account only.",
                site.name
            ),
            "If it was you, you have two accounts: log in with this address to use this one. \
             If it was not you, there is nothing to do."
                .into(),
        ],
        action: Some(Link {
            label: "Log in".into(),
            url: format!("{}/login", site.base_url),
        }),
        reason: format!(
            "You get this because your address, {}, was typed into the change-of-address \
             form of {}.",
            to.address, site.name
        ),
        ..Body::default()
    };
    site.letter(
        (Some(to.id), to.address),
        "address_attempt",
        format!("Someone tried to use your address on {}", site.name),
        &body,
    )
}
