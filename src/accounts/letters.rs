//! The account's own mail: links to confirm an address or reset a
//! password, and notices that something about the account changed. None
//! of it can be unsubscribed from (it is what keeps the account the
//! member's), and none of it is automatic: each answers something someone
//! just did.

use crate::mail::{Body, Letter, Link};

/// What every message needs to know about the site.
#[derive(Clone, Debug)]
pub struct Site {
    /// Its name.
    pub name: String,
    /// Its address, without a trailing slash.
    pub base_url: String,
}

impl Site {
    /// The site of a running server.
    pub fn of(state: &crate::AppState) -> Self {
        Self {
            name: state.settings.current().name.clone(),
            base_url: state.config.base_url.clone(),
        }
    }

    fn letter(
        &self,
        to: (Option<crate::kernel::identity::UserId>, &str),
        purpose: &'static str,
        subject: String,
        body: &Body,
    ) -> Result<Letter, askama::Error> {
        let (text, html) = body.render(&self.name, &subject)?;
        Ok(Letter {
            to_user: to.0,
            to_address: to.1.to_owned(),
            purpose,
            subject,
            text,
            html,
            unsubscribe_url: None,
            automatic: false,
        })
    }
}

/// The member an account message goes to.
pub struct To<'a> {
    /// Their id.
    pub id: crate::kernel::identity::UserId,
    /// Their display name.
    pub name: &'a str,
    /// The address it goes to.
    pub address: &'a str,
}

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
