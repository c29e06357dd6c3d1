//! Field-by-field form errors, shown next to each field by `macros.html`.

/// The problems found in one submitted form.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FormErrors {
    fields: Vec<(String, String)>,
    /// A problem with the form as a whole (shown above it).
    pub summary: Option<String>,
}

impl FormErrors {
    /// Notes a problem with `field` (the first one per field wins).
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        let field = field.into();
        if self.get(&field).is_none() {
            self.fields.push((field, message.into()));
        }
    }

    /// Records the outcome of parsing one field, keeping the value if it parsed.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, &'static str>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.add(field, message);
                None
            }
        }
    }

    /// The problem with `field`, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, message)| message.as_str())
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.summary.is_none()
    }

    /// How many fields have a problem.
    pub fn count(&self) -> usize {
        self.fields.len()
    }
}

#[cfg(test)]
mod tests {
    use super::FormErrors;

    #[test]
    fn the_first_problem_per_field_is_kept() {
        let mut errors = FormErrors::default();
        assert!(errors.is_empty());
        errors.add("email", "first");
        errors.add("email", "second");
        assert_eq!(errors.get("email"), Some("first"));
        assert_eq!(errors.get("name"), None);
        assert_eq!(errors.count(), 1);
        assert_eq!(errors.check::<u8>("name", Err("bad")), None);
        assert_eq!(errors.count(), 2);
    }
}
