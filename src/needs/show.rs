//! `GET /needs/{id}`: the need, its author and state, and exactly the
//! actions this viewer may take. Every form on the page that fails comes
//! back here with its errors.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::db::NeedView;
use super::db::offers::{self as offer_db, OfferView};
use super::forms::NeedInput;
use super::load::load_need;
use super::{NeedId, NeedStatus, OfferStatus, WhenKind};
use crate::AppState;
use crate::error::AppError;
use crate::kernel::identity::SessionUser;
use crate::kernel::text::linkify;
use crate::policy::seeing::{AddressFacts, may_see_address};
use crate::web::context::PageContext;
use crate::web::extract::CurrentUser;
use crate::web::fields::FormErrors;
use crate::web::render;

/// How long accepted volunteers keep seeing private details and contacts
/// after a need is closed, in seconds.
pub const PRIVATE_AFTER_CLOSE: i64 = 7 * 86_400;

/// Errors and input of the forms on the need page.
#[derive(Debug, Default)]
pub struct NeedPageErrors {
    /// The volunteer form.
    pub volunteer: FormErrors,
    /// What was typed in it.
    pub volunteer_message: String,
    /// The cancel form.
    pub cancel: FormErrors,
    /// What was typed in it.
    pub cancel_note: String,
    /// The "still needed?" form.
    pub renew: FormErrors,
    /// What was typed in it.
    pub renew_input: NeedInput,
    /// A problem with the page's state (all slots taken, say).
    pub notice: Option<String>,
}

impl NeedPageErrors {
    /// A notice above the page and nothing else.
    pub fn notice(why: impl Into<String>) -> Self {
        Self {
            notice: Some(why.into()),
            ..Self::default()
        }
    }
}

/// The need page.
#[derive(Template)]
#[template(path = "needs/show.html")]
pub struct NeedPage {
    ctx: PageContext,
    view: NeedView,
    status: NeedStatus,
    when: String,
    details_html: String,
    is_author: bool,
    my_offer: Option<OfferView>,
    offers: Vec<OfferView>,
    show_private: bool,
    // Whether accepted volunteers and the author may still see each
    // other's e-mail (for those who share it): the same window on both
    // sides.
    contacts_open: bool,
    /// Accepted volunteers whose mail is not getting through (author's
    /// view): they may not have been told.
    unreachable: Vec<crate::kernel::identity::UserId>,
    errors: NeedPageErrors,
}

impl NeedPage {
    /// Whether the viewer's account is suspended (they may only read).
    fn suspended(&self) -> bool {
        self.ctx
            .user
            .as_ref()
            .is_some_and(|u| u.suspension.is_some())
    }

    fn can_volunteer(&self) -> bool {
        !self.suspended()
            && !self.is_author
            && self.status.takes_offers()
            && self
                .my_offer
                .as_ref()
                .is_none_or(|o| o.status.may_offer_again())
    }

    /// Why the viewer's offer ended as not needed, said to them.
    fn why_not_needed(&self) -> String {
        let author = &self.view.author_name;
        match self.status {
            NeedStatus::Cancelled => format!("{author} cancelled this need."),
            NeedStatus::Done => format!("{author} closed this need."),
            NeedStatus::Expired => "Its date passed before your offer was answered.".to_owned(),
            NeedStatus::Open | NeedStatus::Filled => {
                format!("{author} found the helpers they needed.")
            }
        }
    }

    fn can_withdraw(&self) -> bool {
        !self.suspended()
            && self.status.allows_withdrawal()
            && self.my_offer.as_ref().is_some_and(|o| o.status.is_live())
    }

    fn can_mark_done(&self) -> bool {
        self.is_author
            && self
                .status
                .apply(super::lifecycle::Transition::MarkDone)
                .is_ok()
    }

    /// Whether the author may give the need a new date ("still needed?").
    fn can_renew(&self) -> bool {
        self.is_author
            && self
                .status
                .apply(super::lifecycle::Transition::Reopen { slots_full: false })
                .is_ok()
    }

    /// Whether the viewer may hide or restore this need: whoever may act
    /// on its author.
    fn moderates(&self) -> bool {
        self.ctx.user.as_ref().is_some_and(|u| {
            crate::policy::acting::may_act(
                u.id,
                u.role,
                self.view.need.author(),
                self.view.author_role,
            )
            .is_ok()
        })
    }

    fn act_path(&self, act: &str) -> String {
        format!("/moderation/needs/{}/{act}", self.view.need.id)
    }

    fn own_path(&self) -> String {
        format!("/needs/{}", self.view.need.id)
    }

    /// The author's address, if this viewer (an accepted volunteer) may
    /// see it.
    fn author_email(&self) -> Option<&str> {
        let facts = AddressFacts {
            owner_shares: self.view.author_shares_email,
            accepted: self
                .my_offer
                .as_ref()
                .is_some_and(|o| o.status.is_accepted()),
            contacts_open: self.contacts_open,
        };
        (!self.is_author && may_see_address(facts)).then_some(self.view.author_email.as_str())
    }

    /// The address of the volunteer who made `offer`, if this viewer (the
    /// author) may see it.
    fn volunteer_email<'a>(&self, offer: &'a OfferView) -> Option<&'a str> {
        let facts = AddressFacts {
            owner_shares: offer.volunteer_shares_email,
            accepted: offer.status.is_accepted(),
            contacts_open: self.contacts_open,
        };
        (self.is_author && may_see_address(facts)).then_some(offer.volunteer_email.as_str())
    }

    fn pending_offers(&self) -> usize {
        self.offers.iter().filter(|o| o.status.is_pending()).count()
    }
}

/// Renders the need page for `user` at `status_code`, with the errors of
/// the form they sent and what they typed in it.
pub async fn need_page(
    state: &AppState,
    ctx: PageContext,
    user: SessionUser,
    view: NeedView,
    errors: NeedPageErrors,
    status_code: impl Into<StatusCode>,
) -> Result<HttpResponse, AppError> {
    let need_id = view.need.id;
    let is_author = view.need.author() == user.id;
    let member = user.id;
    let (my_offer, offers, unreachable) = state
        .db
        .run(move |conn| {
            let mine = offer_db::my_offer(conn, need_id, member)?;
            let all = if is_author {
                offer_db::offers_on(conn, need_id)?
            } else {
                Vec::new()
            };
            let mut unreachable = Vec::new();
            for offer in all.iter().filter(|o| o.status.is_accepted()) {
                let who = offer.volunteer();
                if crate::accounts::db::mail_failing(conn, who)? {
                    unreachable.push(who);
                }
            }
            Ok((mine, all, unreachable))
        })
        .await?;
    let now = state.config.clock.now();
    let status = view.need.status;
    let accepted = my_offer.as_ref().is_some_and(|o| o.status.is_accepted());
    let within_window = view
        .need
        .closed_at
        .is_none_or(|closed| now.seconds_since(closed) < PRIVATE_AFTER_CLOSE);
    let page = NeedPage {
        when: view.need.when().describe_on(state.config.clock.today()),
        details_html: linkify(&view.need.details),
        show_private: is_author || (accepted && within_window),
        contacts_open: within_window,
        status,
        is_author,
        my_offer,
        offers,
        unreachable,
        errors,
        view,
        ctx,
    };
    render(status_code.into(), &page)
}

/// `GET /needs/{id}`.
pub async fn show(
    ctx: PageContext,
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<NeedId>,
) -> Result<HttpResponse, AppError> {
    let view = load_need(&state, path.into_inner(), &user).await?;
    let errors = NeedPageErrors::default();
    need_page(&state, ctx, user, view, errors, StatusCode::OK).await
}
