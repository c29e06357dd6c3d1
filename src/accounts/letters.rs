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

/// "Confirm your address": the 48-hour, single-use link sent at sign-up.
/// `to.id` is filled in once the account exists.
pub fn confirm_link(
    site: &Site,
    name: &str,
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
        greeting: format!("Hello {name},"),
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
