//! What every page's layout needs: the site, the visitor, a CSRF token for
//! forms and the flash message left by the last form post.

use std::sync::Arc;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse, web};

use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::site::SiteSettings;
use crate::web::session::{Visitor, queue_cookie, visitor};

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

const FLASHES: [(Flash, &str, &str); 40] = [
    (
        Flash::SignedUp,
        "signed-up",
        "Thank you for joining. Log in with the email and password you chose.",
    ),
    (
        Flash::LoggedIn,
        "logged-in",
        "Welcome back. You are logged in.",
    ),
    (
        Flash::LoggedOut,
        "logged-out",
        "You are logged out. See you soon.",
    ),
    (
        Flash::NameChanged,
        "name-changed",
        "Your name has been changed.",
    ),
    (
        Flash::PasswordChanged,
        "password-changed",
        "Your password has been changed. Every other device you were logged in on has been logged out.",
    ),
    (
        Flash::AdminCreated,
        "admin-created",
        "Your admin account is ready, and you are logged in.",
    ),
    (
        Flash::NeedPosted,
        "need-posted",
        "Your need is on the board. We will let you know when a neighbour offers to help.",
    ),
    (
        Flash::NeedUpdated,
        "need-updated",
        "Your changes are saved. Anyone who offered to help has been told.",
    ),
    (
        Flash::NeedCancelled,
        "need-cancelled",
        "Your need is cancelled. Anyone who offered to help has been told.",
    ),
    (
        Flash::NeedReopened,
        "need-reopened",
        "Your need is back on the board with its new date.",
    ),
    (
        Flash::NeedDone,
        "need-done",
        "Marked as done. Thank you for letting everyone know.",
    ),
    (
        Flash::Volunteered,
        "volunteered",
        "Thank you for offering. The neighbour who asked has been told.",
    ),
    (
        Flash::Withdrawn,
        "withdrawn",
        "Your offer is withdrawn. The neighbour who asked has been told.",
    ),
    (
        Flash::OfferAccepted,
        "offer-accepted",
        "Accepted. You can now see each other's contact details.",
    ),
    (
        Flash::OfferDeclined,
        "offer-declined",
        "Declined. The volunteer has been told.",
    ),
    (Flash::MessageSent, "message-sent", "Message sent."),
    (
        Flash::ProfileSaved,
        "profile-saved",
        "Your profile is saved.",
    ),
    (
        Flash::SettingsSaved,
        "settings-saved",
        "The settings are saved and shown to everyone now.",
    ),
    (
        Flash::CategoriesSaved,
        "categories-saved",
        "The categories are saved.",
    ),
    (
        Flash::ThanksUpdated,
        "thanks-updated",
        "Your profile now shows the thank-you notes you chose.",
    ),
    (
        Flash::RoleChanged,
        "role-changed",
        "The role is changed, from their very next page on.",
    ),
    (
        Flash::SessionsEnded,
        "sessions-ended",
        "They are logged out everywhere.",
    ),
    (
        Flash::Blocked,
        "blocked",
        "Blocked. You will not see each other's needs, and they cannot offer to help you or message you.",
    ),
    (Flash::Unblocked, "unblocked", "Unblocked."),
    (
        Flash::ReportSent,
        "report-sent",
        "Thank you. A moderator will look at your report; we will tell you what they decide.",
    ),
    (
        Flash::ReportsDismissed,
        "reports-dismissed",
        "The reports are closed, and the reporters told.",
    ),
    (
        Flash::Applied,
        "applied",
        "Thank you for applying. Log in any time to see whether your application has been approved.",
    ),
    (
        Flash::ApplicationApproved,
        "application-approved",
        "Approved. They have been told and can take part now.",
    ),
    (
        Flash::ApplicationRejected,
        "application-rejected",
        "Turned down. They will see your reason when they next log in.",
    ),
    (
        Flash::Hidden,
        "hidden",
        "Hidden. Its author has been told why, and anyone who reported it has heard the outcome.",
    ),
    (
        Flash::Restored,
        "restored",
        "Restored, and its author has been told.",
    ),
    (
        Flash::Warned,
        "warned",
        "The warning is sent. They will see it on their next page.",
    ),
    (
        Flash::Suspended,
        "suspended",
        "The suspension is in force, and they have been told why.",
    ),
    (
        Flash::Banned,
        "banned",
        "Banned. Every session of theirs has ended and their open needs are hidden.",
    ),
    (Flash::Lifted, "lifted", "Lifted, and they have been told."),
    (
        Flash::WarningRead,
        "warning-read",
        "Thank you. The warning stays on your record and can still be appealed.",
    ),
    (
        Flash::AppealSent,
        "appeal-sent",
        "Your appeal is sent. A moderator other than the one who acted will decide it, and you will be told.",
    ),
    (
        Flash::AppealDecided,
        "appeal-decided",
        "The appeal is decided, and the member has been told why.",
    ),
    (
        Flash::InviteCreated,
        "invite-created",
        "Your invite code is ready. Share it with the neighbour you want to invite.",
    ),
    (
        Flash::InviteRevoked,
        "invite-revoked",
        "The invite code is revoked; nobody else can join with it.",
    ),
];

impl Flash {
    fn key(self) -> &'static str {
        FLASHES.iter().find(|f| f.0 == self).map_or("", |f| f.1)
    }

    fn from_key(key: &str) -> Option<Self> {
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

/// The layout's data, built from the request by the extractor.
#[derive(Clone, Debug)]
pub struct PageContext {
    /// The board's settings (name, description, rules).
    pub site: Arc<SiteSettings>,
    /// The logged-in member, if any.
    pub user: Option<SessionUser>,
    /// The token every form on the page carries.
    pub csrf_token: String,
    /// The message left by the last form post.
    pub flash: Option<Flash>,
    /// The request path, to mark the current navigation link.
    pub path: String,
    /// The stylesheet's cache-busted URL.
    pub css_url: &'static str,
    /// The icon's cache-busted URL.
    pub icon_url: &'static str,
    /// Where the site is served, for links shown to be copied.
    pub base_url: String,
}

impl PageContext {
    /// Builds the context. An error page passes `for_error`: it neither
    /// takes the flash message nor hands out a new CSRF cookie.
    pub fn build(req: &HttpRequest, for_error: bool) -> Result<Self, AppError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| AppError::internal("application state missing"))?;
        let mut who = visitor(req);
        let csrf_token = match (&who.user, &who.anon_csrf) {
            (Some(user), _) => user.csrf_token.clone(),
            (None, Some(token)) => token.clone(),
            (None, None) if for_error => String::new(),
            (None, None) => {
                let token = crate::kernel::secret::random_token(32);
                let names = &state.cookies;
                queue_cookie(req, names.make(&names.csrf, token.clone(), None));
                who.anon_csrf = Some(token.clone());
                req.extensions_mut().insert::<Visitor>(who.clone());
                token
            }
        };
        let names = &state.cookies;
        let flash = if for_error {
            None
        } else {
            let flash = req
                .cookie(&names.flash)
                .and_then(|c| Flash::from_key(c.value()));
            if req.cookie(&names.flash).is_some() {
                queue_cookie(req, names.removal(&names.flash));
            }
            flash
        };
        Ok(Self {
            site: state.settings.current(),
            user: who.user,
            csrf_token,
            flash,
            path: req.path().to_owned(),
            css_url: crate::web::assets::url("kith.css"),
            icon_url: crate::web::assets::url("favicon.svg"),
            base_url: state.config.base_url.clone(),
        })
    }

    /// Whether the member may make invite codes (the rule is
    /// [`crate::policy::inviting::may_invite`]).
    pub fn may_invite(&self) -> bool {
        self.user.as_ref().is_some_and(|user| {
            crate::policy::inviting::may_invite(
                user.role,
                user.standing,
                user.suspension.is_some(),
                self.site.joining.mode == crate::site::RegistrationMode::Invite,
                self.site.joining.members_may_invite,
            )
        })
    }

    /// `aria-current="page"` for the navigation link to `href`, if it is this page.
    pub fn current(&self, href: &str) -> &'static str {
        if self.path == href { "page" } else { "false" }
    }
}

impl FromRequest for PageContext {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Self::build(req, false))
    }
}
