//! Kith's integration tests: user stories against the real server on a
//! random port, each with a fresh database. They run on SQLite, and on
//! PostgreSQL too when `KITH_TEST_POSTGRES_URL` is set.

mod helpers;
mod mailbox;

mod accounts;
mod admin;
mod admin_overview;
mod admin_setup;
mod appeals;
mod blocking;
mod board;
mod browser;
mod cli;
mod closing;
mod confirming;
mod durability;
mod email_change;
mod forms_and_csrf;
mod headers_and_pages;
mod lifecycle_edges;
mod limits;
mod mail;
mod mail_bounces;
mod mail_delivery;
mod mail_digest;
mod mail_notifications;
mod mail_replies;
mod mail_staff;
mod mail_still_needed;
mod moderation_actions;
mod moderation_edges;
mod moderation_steps;
mod names;
mod needs;
mod notifications_reading;
mod offers_ending;
mod operating;
mod password_reset;
mod rate_limits;
mod registration;
mod reports;
mod request_heads;
mod review_queue;
mod seeding;
mod sessions;
mod several_processes;
mod shared_links;
mod staff_and_privacy;
mod thanking_later;
mod time_words;
mod visitors_and_log;
mod volunteering;
mod write_limits;
