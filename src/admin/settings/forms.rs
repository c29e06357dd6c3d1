//! What the admin page's two forms send, and the checks that turn them
//! into the site's settings and its joining rules, field by field.

use serde::Deserialize;

use crate::kernel::text::{clean_line, clean_multiline};
use crate::site::{Joining, PostingLimits, RegistrationMode, SiteSettings};
use crate::web::fields::FormErrors;

/// Longest site name, in characters.
pub const NAME_MAX: usize = 60;
/// Longest description, in characters.
pub const DESCRIPTION_MAX: usize = 1_000;
/// The most rules.
pub const RULES_MAX: usize = 20;
/// Longest rule, in characters.
pub const RULE_MAX: usize = 300;

/// What the joining form sends. Unticked boxes are not sent at all.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct JoiningInput {
    pub(super) mode: String,
    pub(super) question: String,
    pub(super) members_may_invite: Option<String>,
    pub(super) board_public: Option<String>,
}

impl JoiningInput {
    /// The form filled in with the joining rules in force.
    pub(super) fn from_settings(joining: &Joining) -> Self {
        let tick = |on: bool| on.then(|| "on".to_owned());
        Self {
            mode: joining.mode.as_str().to_owned(),
            question: joining.question.clone(),
            members_may_invite: tick(joining.members_may_invite),
            board_public: tick(joining.board_public),
        }
    }
}

/// Longest registration question, in characters.
pub const QUESTION_MAX: usize = 300;

/// What the settings form sends.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsInput {
    pub(super) name: String,
    pub(super) description: String,
    pub(super) rules: String,
    pub(super) new_member_days: String,
    pub(super) new_member_needs_per_day: String,
    pub(super) new_member_offers_per_day: String,
    pub(super) needs_per_day: String,
}

impl SettingsInput {
    /// The form filled in with the settings in force.
    pub(super) fn from_settings(site: &SiteSettings) -> Self {
        let limits = site.limits;
        Self {
            name: site.name.clone(),
            description: site.description.clone(),
            rules: site.rules.join("\n"),
            new_member_days: limits.new_member_days.to_string(),
            new_member_needs_per_day: limits.new_member_needs_per_day.to_string(),
            new_member_offers_per_day: limits.new_member_offers_per_day.to_string(),
            needs_per_day: limits.needs_per_day.to_string(),
        }
    }
}

/// Checks the settings; the error is per field.
/// What the form does not set (how people join, the public log) is kept
/// from `current`.
pub(super) fn parse(
    input: &SettingsInput,
    current: &SiteSettings,
) -> Result<SiteSettings, FormErrors> {
    let mut errors = FormErrors::default();
    let name = clean_line(&input.name);
    if name.is_empty() || name.chars().count() > NAME_MAX {
        errors.add("name", "Give the board a name of 1 to 60 characters.");
    }
    let description = clean_multiline(&input.description);
    if description.is_empty() || description.chars().count() > DESCRIPTION_MAX {
        errors.add(
            "description",
            "Say what the board is in 1 to 1,000 characters.",
        );
    }
    let rules: Vec<String> = clean_multiline(&input.rules)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if rules.len() > RULES_MAX {
        errors.add("rules", "Keep to 20 rules at most.");
    } else if rules.iter().any(|r| r.chars().count() > RULE_MAX) {
        errors.add("rules", "Keep each rule to 300 characters or fewer.");
    }
    let mut number =
        |field: &'static str, typed: &str, range: std::ops::RangeInclusive<i32>| match typed
            .trim()
            .parse::<i32>(
        ) {
            Ok(n) if range.contains(&n) => n,
            _ => {
                errors.add(
                    field,
                    format!(
                        "Give a whole number from {} to {}.",
                        range.start(),
                        range.end()
                    ),
                );
                0
            }
        };
    let limits = PostingLimits {
        new_member_days: number("new_member_days", &input.new_member_days, 0..=90),
        new_member_needs_per_day: number(
            "new_member_needs_per_day",
            &input.new_member_needs_per_day,
            1..=100,
        ),
        new_member_offers_per_day: number(
            "new_member_offers_per_day",
            &input.new_member_offers_per_day,
            1..=100,
        ),
        needs_per_day: number("needs_per_day", &input.needs_per_day, 1..=100),
    };
    if errors.is_empty() {
        Ok(SiteSettings {
            name,
            description,
            rules,
            limits,
            joining: current.joining.clone(),
            public_log_names: current.public_log_names,
        })
    } else {
        Err(errors)
    }
}

/// Checks the joining form.
pub(super) fn parse_joining(input: &JoiningInput) -> Result<Joining, FormErrors> {
    let mut errors = FormErrors::default();
    let mode = RegistrationMode::parse(&input.mode);
    if mode.is_none() {
        errors.add("mode", "Choose how people join.");
    }
    let question = clean_line(&input.question);
    if question.chars().count() > QUESTION_MAX {
        errors.add("question", "Keep the question to 300 characters or fewer.");
    } else if question.is_empty() && mode == Some(RegistrationMode::Approval) {
        errors.add(
            "question",
            "Approval mode needs a question for applicants to answer.",
        );
    }
    // A ticked box sends "on"; anything else is not a tick (no "false"
    // that reads as true, no "yes" that reads as false).
    let mut tick = |field: &'static str, sent: &Option<String>| match sent.as_deref() {
        None => false,
        Some("on") => true,
        Some(_) => {
            errors.add(field, "Tick the box or leave it empty.");
            false
        }
    };
    let members_may_invite = tick("members_may_invite", &input.members_may_invite);
    let board_public = tick("board_public", &input.board_public);
    match mode {
        Some(mode) if errors.is_empty() => Ok(Joining {
            mode,
            question,
            members_may_invite,
            board_public,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joining() -> Joining {
        Joining {
            mode: RegistrationMode::Open,
            question: String::new(),
            members_may_invite: false,
            board_public: false,
        }
    }

    /// The settings before the form is sent.
    fn current() -> SiteSettings {
        SiteSettings {
            name: "Before".into(),
            description: String::new(),
            rules: Vec::new(),
            limits: PostingLimits::default(),
            joining: joining(),
            public_log_names: true,
        }
    }

    #[test]
    fn approval_mode_needs_a_question_and_unticked_boxes_are_off() {
        let mut input = JoiningInput {
            mode: "approval".into(),
            question: "  ".into(),
            members_may_invite: None,
            board_public: Some("on".into()),
        };
        assert!(
            parse_joining(&input)
                .expect_err("no question")
                .get("question")
                .is_some()
        );
        input.question = "Which street?".into();
        let joining = parse_joining(&input).expect("valid");
        assert_eq!(joining.mode, RegistrationMode::Approval);
        assert!(!joining.members_may_invite && joining.board_public);
        input.mode = "closed".into();
        assert!(
            parse_joining(&input)
                .expect_err("unknown mode")
                .get("mode")
                .is_some()
        );
    }

    #[test]
    fn rules_are_one_per_line_without_blanks() {
        let input = SettingsInput {
            name: " Elm Street ".into(),
            description: "Our street".into(),
            rules: "Be kind\r\n\r\n  No selling \n".into(),
            new_member_days: "7".into(),
            new_member_needs_per_day: "3".into(),
            new_member_offers_per_day: "10".into(),
            needs_per_day: "10".into(),
        };
        let settings = parse(&input, &current()).expect("valid");
        assert_eq!(settings.name, "Elm Street");
        assert_eq!(settings.rules, vec!["Be kind", "No selling"]);
        assert!(settings.public_log_names, "kept: not on this form");
    }

    #[test]
    fn empty_names_and_too_many_rules_are_refused() {
        let input = SettingsInput {
            name: " ".into(),
            description: String::new(),
            rules: "x\n".repeat(21),
            new_member_days: "-1".into(),
            new_member_needs_per_day: "lots".into(),
            new_member_offers_per_day: "0".into(),
            needs_per_day: "101".into(),
        };
        let errors = parse(&input, &current()).expect_err("invalid");
        for field in [
            "name",
            "description",
            "rules",
            "new_member_days",
            "new_member_needs_per_day",
            "new_member_offers_per_day",
            "needs_per_day",
        ] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
