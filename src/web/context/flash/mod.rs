//! The flash message: a one-shot word of thanks or confirmation shown on
//! the page after a form post, its key kept in a cookie. The words of each
//! are in `words`.

mod words;

use actix_web::{HttpRequest, HttpResponse, web};

use crate::AppState;
use crate::web::session::queue_cookie;
use words::FLASHES;

/// A one-shot message shown on the page after a successful form post.
///
/// The cookie holds only the key, never text, so nobody can make the site
/// show words of their choosing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flash {
    /// After sign-up.
    SignedUp,
    /// After log-in.
    LoggedIn,
    /// After log-out.
    LoggedOut,
    /// After changing the display name.
    NameChanged,
    /// After changing the password.
    PasswordChanged,
    /// After choosing a new password through a reset link.
    PasswordReset,
    /// After confirming an address.
    EmailConfirmed,
    /// After confirming someone else's address in a browser logged in as
    /// another member (who stays logged in).
    EmailConfirmedForSomeoneElse,
    /// After choosing what comes by e-mail.
    MailSettingsSaved,
    /// After asking for the confirmation link again.
    ConfirmationSent,
    /// After asking to change the e-mail address.
    EmailChangeSent,
    /// After confirming a new e-mail address.
    EmailChanged,
    /// After choosing whether to share the e-mail address.
    SharingSaved,
    /// After the first admin was created.
    AdminCreated,
    /// After posting a need.
    NeedPosted,
    /// After editing a need.
    NeedUpdated,
    /// After cancelling a need.
    NeedCancelled,
    /// After saying an expired need is still needed.
    NeedReopened,
    /// After closing a need as done.
    NeedDone,
    /// After thanking helpers of a need already done.
    ThanksSent,
    /// After offering to help.
    Volunteered,
    /// After withdrawing an offer.
    Withdrawn,
    /// After accepting a volunteer.
    OfferAccepted,
    /// After declining a volunteer.
    OfferDeclined,
    /// After sending a message.
    MessageSent,
    /// After saving the profile.
    ProfileSaved,
    /// After changing which thank-you notes show.
    ThanksUpdated,
    /// After saving the site settings.
    SettingsSaved,
    /// After changing the categories.
    CategoriesSaved,
    /// After an admin asked for a test e-mail.
    TestMailQueued,
    /// After changing someone's role.
    RoleChanged,
    /// After logging someone out everywhere.
    SessionsEnded,
    /// After blocking someone.
    Blocked,
    /// After unblocking someone.
    Unblocked,
    /// After reporting something.
    ReportSent,
    /// After dismissing reports.
    ReportsDismissed,
    /// After applying to join (approval mode).
    Applied,
    /// After approving an application.
    ApplicationApproved,
    /// After rejecting an application.
    ApplicationRejected,
    /// After hiding a need or message.
    Hidden,
    /// After restoring a need or message.
    Restored,
    /// After warning a member.
    Warned,
    /// After suspending a member.
    Suspended,
    /// After banning a member.
    Banned,
    /// After lifting a suspension or ban.
    Lifted,
    /// After acknowledging a warning.
    WarningRead,
    /// After appealing.
    AppealSent,
    /// After deciding an appeal.
    AppealDecided,
    /// After making an invite code.
    InviteCreated,
    /// After revoking an invite code.
    InviteRevoked,
}

impl Flash {
    fn key(self) -> &'static str {
        FLASHES.iter().find(|f| f.0 == self).map_or("", |f| f.1)
    }

    pub(super) fn from_key(key: &str) -> Option<Self> {
        FLASHES.iter().find(|f| f.1 == key).map(|f| f.0)
    }

    /// The words shown.
    pub fn message(self) -> &'static str {
        FLASHES.iter().find(|f| f.0 == self).map_or("", |f| f.2)
    }
}

/// A `303 See Other` to `location` that leaves `flash` for the next page.
pub fn redirect_with_flash(req: &HttpRequest, location: &str, flash: Flash) -> HttpResponse {
    if let Some(state) = req.app_data::<web::Data<AppState>>() {
        let names = &state.cookies;
        queue_cookie(req, names.make(&names.flash, flash.key().to_owned(), None));
    }
    crate::web::see_other(location)
}
