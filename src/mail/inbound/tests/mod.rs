//! Replies, automatic answers and delivery reports from real mail programs,
//! read from the fixtures in `tests/fixtures/mail/`, and the rules for
//! cutting quoted history from plain text.

mod automatic;
mod html;
mod new_text;
mod not_messages;
mod replies;
mod reports;

use super::{Inbound, read};

/// The bytes of `tests/fixtures/mail/NAME.eml`, built into the test binary.
macro_rules! fixture {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/mail/",
            $name,
            ".eml"
        ))
    };
}
use fixture;

fn read_fixture(raw: &[u8]) -> Inbound {
    read(raw).expect("the fixture is a message")
}
