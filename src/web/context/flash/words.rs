//! What each flash message says, and the key its cookie holds.

use super::Flash;

/// Each message: what it is, its cookie key and its words.
pub(super) const FLASHES: [(Flash, &str, &str); 50] = [
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
        Flash::MailSettingsSaved,
        "mail-settings-saved",
        "Saved. This is what you will get by e-mail.",
    ),
    (
        Flash::EmailConfirmed,
        "email-confirmed",
        "Thank you: your email address is confirmed.",
    ),
    (
        Flash::EmailConfirmedForSomeoneElse,
        "email-confirmed-elsewhere",
        "That email address is confirmed. You are still logged in as yourself; its owner can now log in with it.",
    ),
    (
        Flash::ConfirmationSent,
        "confirmation-sent",
        "We sent a new link to your email address. It works for 48 hours; the one before no longer does.",
    ),
    (
        Flash::EmailChangeSent,
        "email-change-sent",
        "Check your new address: we sent a link there. Your address changes when you open it (within 48 hours); until then, keep using the one you have.",
    ),
    (
        Flash::EmailChanged,
        "email-changed",
        "Your email address is changed. Log in with the new one from now on.",
    ),
    (
        Flash::SharingSaved,
        "sharing-saved",
        "Saved: your choice about sharing your email address applies to every need from now on.",
    ),
    (
        Flash::PasswordReset,
        "password-reset",
        "Your new password is saved and you are logged in. Every other device was logged out.",
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
        Flash::ThanksSent,
        "thanks-sent",
        "Your thanks are sent. Each helper chooses whether their note shows on their profile.",
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
        "Accepted. They can now see the private details, and you can write to each other in your messages.",
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
        Flash::TestMailQueued,
        "test-mail-queued",
        "A test e-mail is on its way to your address; the Mail page (/admin/mail) shows whether it went.",
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
