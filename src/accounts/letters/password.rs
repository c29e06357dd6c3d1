//! Mail about passwords: the reset link, and the notice that one changed.

use super::{Site, To};
use crate::mail::{Body, Letter, Link};

/// "Choose a new password": the one-hour, single-use link.
pub fn reset_link(site: &Site, to: &To<'_>, token: &str) -> Result<Letter, askama::Error> {
    let body = Body {
        greeting: format!("Hello {},", to.name),
        paragraphs: vec![
            format!(
                "Someone, hopefully you, asked to reset the password of your account on {}.",
                site.name
            ),
            "The link below lets you choose a new one. It works once, within one hour. \
             Choosing a new password logs you out everywhere else."
                .into(),
        ],
        action: Some(Link {
            label: "Choose a new password".into(),
            url: format!("{}/password/reset/{token}", site.base_url),
        }),
        reason: format!(
            "You get this because a password reset was asked for {} on {}. If it was not \
             you, ignore this message: your password stays as it is.",
            to.address, site.name
        ),
        ..Body::default()
    };
    site.letter(
        (Some(to.id), to.address),
        "password_reset",
        format!("Reset your password on {}", site.name),
        &body,
    )
}

/// "Your password was changed": sent after a reset.
pub fn password_changed(site: &Site, to: &To<'_>) -> Result<Letter, askama::Error> {
    let body = Body {
        greeting: format!("Hello {},", to.name),
        paragraphs: vec![
            format!(
                "The password of your account on {} was just changed with a reset link, and \
                 every other device was logged out.",
                site.name
            ),
            "If that was you, there is nothing more to do. If it was not, reset your \
             password again now and tell a moderator."
                .into(),
        ],
        action: Some(Link {
            label: "Reset my password".into(),
            url: format!("{}/password/forgot", site.base_url),
        }),
        reason: format!(
            "You get this because the password of the account for {} on {} changed.",
            to.address, site.name
        ),
        ..Body::default()
    };
    site.letter(
        (Some(to.id), to.address),
        "password_changed",
        format!("Your password on {} was changed", site.name),
        &body,
    )
}
