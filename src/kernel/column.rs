//! States kept as words in text columns (`"open"`, `"banned"`, …), read and
//! written by diesel as their enums, so that queries compare states and
//! never strings. Text columns stay text: no migration is needed.

/// Implements diesel's `FromSql` and `ToSql` for `Text` on an enum with
/// `as_str(self) -> &'static str` and `from_db(&str)`, which returns the
/// enum itself (an unknown word read as its least privileged value) or,
/// with `fallible`, an `Option` (an unknown word is an error). The enum
/// derives `AsExpression` and `FromSqlRow` with `#[diesel(sql_type = Text)]`.
#[macro_export]
macro_rules! text_column {
    ($state:ty) => {
        $crate::text_column!(@to $state);
        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $state
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                String::from_sql(bytes).map(|word| Self::from_db(&word))
            }
        }
    };
    ($state:ty, fallible) => {
        $crate::text_column!(@to $state);
        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::Text, DB> for $state
        where
            DB: diesel::backend::Backend,
            String: diesel::deserialize::FromSql<diesel::sql_types::Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                let word = String::from_sql(bytes)?;
                Self::from_db(&word).ok_or_else(|| format!("unknown state {word:?}").into())
            }
        }
    };
    (@to $state:ty) => {
        impl<DB> diesel::serialize::ToSql<diesel::sql_types::Text, DB> for $state
        where
            DB: diesel::backend::Backend,
            str: diesel::serialize::ToSql<diesel::sql_types::Text, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.as_str().to_sql(out)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sql_types::Text;

    use crate::kernel::identity::{Role, Standing};

    #[test]
    fn a_state_is_written_and_read_as_its_word() {
        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        let word: String = diesel::select(Standing::Banned.into_sql::<Text>())
            .get_result(&mut conn)
            .expect("written");
        assert_eq!(word, "banned");
        let role: Role = diesel::select(sql::<Text>("'moderator'"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(role, Role::Moderator);
    }

    #[test]
    fn an_unknown_word_is_the_least_privilege() {
        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        let role: Role = diesel::select(sql::<Text>("'superuser'"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(role, Role::Member);
        let standing: Standing = diesel::select(sql::<Text>("'royal'"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(standing, Standing::Banned);
    }
}
