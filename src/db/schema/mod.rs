//! The tables, in column types both backends share.
//!
//! Written by hand rather than printed by the diesel CLI: the two backends
//! spell their types differently, and these files name the neutral type each
//! column is read and written as (ids and times are `BigInt`).
//!
//! One file per group of tables; every table is re-exported here, so
//! `crate::db::schema::users` names it wherever it is declared, and the
//! joins and the tables that may share a query are declared here, once.

mod accounts;
mod board;
mod mail;
mod moderation;
mod site;

pub use accounts::{account_links, invites, sessions, setup_tokens, trusted_devices, users};
pub use board::{messages, needs, notifications, offers, reply_addresses, thanks};
pub use mail::{mail_settings, outbox, site_keys};
pub use moderation::{appeals, blocks, moderation_log, reports};
pub use site::{categories, setup_steps, site_settings};

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(trusted_devices -> users (user_id));
diesel::joinable!(needs -> categories (category_id));
diesel::joinable!(needs -> users (author_id));
diesel::joinable!(offers -> needs (need_id));
diesel::joinable!(offers -> users (volunteer_id));
diesel::joinable!(messages -> offers (offer_id));
diesel::joinable!(notifications -> needs (need_id));
diesel::allow_tables_to_appear_in_same_query!(
    users,
    sessions,
    trusted_devices,
    setup_tokens,
    site_settings,
    categories,
    needs,
    offers,
    messages,
    thanks,
    notifications,
    moderation_log,
    blocks,
    reports,
    invites,
    appeals,
    mail_settings,
    outbox,
);
