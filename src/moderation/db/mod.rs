//! Every query of moderation, one file per thing: members to find
//! (`people`), a member's record (`history`), reports (`reports`), actions
//! on members (`actions`), hiding what members wrote (`hiding`), the log's
//! entries as moderation reads them (`entries`) and appeals (`appeals`).

pub mod actions;
pub mod appeals;
pub mod entries;
pub mod hiding;
pub mod history;
pub mod people;
pub mod reports;

pub use people::{PersonRow, find_people, find_person, lock_admins};
