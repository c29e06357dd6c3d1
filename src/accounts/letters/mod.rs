//! The account's own mail: links to confirm an address or reset a
//! password, and notices that something about the account changed. None
//! of it can be unsubscribed from (it is what keeps the account the
//! member's), and none of it is automatic: each answers something someone
//! just did.
//!
//! Every message is built here from [`Site`] and whom it is [`To`]: those
//! about joining in `joining`, about passwords in `password`, and about a
//! change of address in `address`.

mod address;
mod joining;
mod password;

pub use address::{address_attempt, address_changed, new_address_link};
pub use joining::{confirm_link, signup_attempt};
pub use password::{password_changed, reset_link};

use crate::mail::{Body, Letter};

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
