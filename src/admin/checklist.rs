//! The first admin's checklist on `/admin`: the five things a new board
//! needs before neighbours arrive, each ticked when done. Three are
//! recorded when an admin takes them ([`SetupStep`], in `setup_steps`);
//! whether there is a moderator and whether a test e-mail got out are read
//! from how things stand.

use diesel::QueryResult;

use super::db;
use super::test_mail;
use crate::db::DbConnection;

/// A step of setting up the board that is recorded when an admin takes it
/// (the settings alone cannot tell: a board may keep approval mode on
/// purpose).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetupStep {
    /// The board's name changed.
    Name,
    /// The rules changed.
    Rules,
    /// How people join chosen and saved.
    Joining,
}

impl SetupStep {
    /// The word stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Rules => "rules",
            Self::Joining => "joining",
        }
    }

    /// The step a stored word names.
    pub fn parse(word: &str) -> Option<Self> {
        [Self::Name, Self::Rules, Self::Joining]
            .into_iter()
            .find(|step| step.as_str() == word)
    }
}

/// Where an item of the checklist is done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Where {
    /// On another page.
    Link(&'static str),
    /// With the test e-mail button beside it.
    TestMail,
}

/// One item of the checklist.
#[derive(Clone, Debug)]
pub struct Item {
    /// Its element id.
    pub id: &'static str,
    /// What to do.
    pub label: &'static str,
    /// Where it is done.
    pub place: Where,
    /// Whether it is done.
    pub done: bool,
    /// A word on how it stands.
    pub hint: String,
}

/// The checklist.
#[derive(Clone, Debug)]
pub struct Checklist {
    /// Its items, in the order to do them.
    pub items: Vec<Item>,
}

impl Checklist {
    /// How many items are done.
    pub fn done(&self) -> usize {
        self.items.iter().filter(|i| i.done).count()
    }

    /// Whether every item is done (the list then folds away).
    pub fn all_done(&self) -> bool {
        self.done() == self.items.len()
    }
}

/// How the board's setting up stands, for the site called `site_name`.
pub fn read(conn: &mut DbConnection, site_name: &str) -> QueryResult<Checklist> {
    let steps = db::steps_done(conn)?;
    let moderator = db::any_moderator(conn)?;
    let mail_sent = crate::mail::db::any_sent(conn, test_mail::PURPOSE)?;
    let latest_mail = crate::mail::db::latest_of(conn, test_mail::PURPOSE)?;
    let took = |step| steps.contains(&step);
    let items = vec![
        Item {
            id: "step-name",
            label: "Name the board",
            place: Where::Link("/admin/settings#name"),
            done: took(SetupStep::Name),
            hint: if took(SetupStep::Name) {
                format!("It is called “{site_name}”.")
            } else {
                format!("It is called “{site_name}” until you give it the neighbourhood's name.")
            },
        },
        Item {
            id: "step-rules",
            label: "Write the rules",
            place: Where::Link("/admin/settings#rules"),
            done: took(SetupStep::Rules),
            hint: if took(SetupStep::Rules) {
                "Everyone reads them on the front page.".into()
            } else {
                "The board starts with suggested rules: make them your neighbourhood's own.".into()
            },
        },
        Item {
            id: "step-joining",
            label: "Choose how people join",
            place: Where::Link("/admin/settings#joining-heading"),
            done: took(SetupStep::Joining),
            hint: "Open to anyone, approved by a moderator, or by invite code.".into(),
        },
        Item {
            id: "step-moderator",
            label: "Appoint a moderator",
            place: Where::Link("/moderation/people"),
            done: moderator,
            hint: if moderator {
                "Someone besides the admins keeps an eye on the queue.".into()
            } else {
                "Find a member under People and make them a moderator on their page.".into()
            },
        },
        Item {
            id: "step-test-mail",
            label: "Send a test e-mail",
            place: Where::TestMail,
            done: mail_sent,
            hint: test_mail_hint(mail_sent, latest_mail),
        },
    ];
    Ok(Checklist { items })
}

/// How the test e-mails stand: one got out, the latest waits or failed, or
/// none was sent yet.
fn test_mail_hint(sent: bool, latest: Option<(String, String)>) -> String {
    use crate::mail::db::state::{FAILED, QUEUED};
    match latest {
        Some((to, state)) if state == QUEUED => {
            format!("A test e-mail to {to} is waiting to go; the Mail page shows how it goes.")
        }
        Some((to, state)) if state == FAILED && !sent => {
            format!("The test e-mail to {to} did not go; the Mail page shows why.")
        }
        Some((to, _)) if sent => format!("Mail reaches the outside world (last test to {to})."),
        _ => "It goes to your own address, so you know mail from the board gets out.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recorded_step_reads_back_from_its_word() {
        for step in [SetupStep::Name, SetupStep::Rules, SetupStep::Joining] {
            assert_eq!(SetupStep::parse(step.as_str()), Some(step));
        }
        assert_eq!(SetupStep::parse("moderator"), None);
    }

    #[test]
    fn the_test_mail_hint_says_whether_mail_got_out() {
        let to = || "grace@example.org".to_owned();
        assert!(test_mail_hint(false, None).contains("your own address"));
        assert!(test_mail_hint(false, Some((to(), "queued".into()))).contains("waiting to go"));
        assert!(test_mail_hint(false, Some((to(), "failed".into()))).contains("did not go"));
        assert!(test_mail_hint(true, Some((to(), "sent".into()))).contains("reaches"));
        assert!(
            test_mail_hint(true, Some((to(), "failed".into()))).contains("reaches"),
            "one that got out earlier still counts"
        );
    }
}
