//! Typed ids: one type per table, so a need's id can never be passed where
//! a member's is wanted. Each is read and written by diesel as the
//! `BigInt` column it is stored in, so queries and row structs use them
//! directly, and serde reads them from a URL's path or a form as their
//! number (`web::Path<NeedId>`); `.0` gives the number for URLs and logs.

/// Declares id newtypes over `i64` that diesel reads and writes as `BigInt`.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord,
            diesel::expression::AsExpression, diesel::deserialize::FromSqlRow,
            serde::Deserialize,
        )]
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl<DB> diesel::serialize::ToSql<diesel::sql_types::BigInt, DB> for $name
        where
            DB: diesel::backend::Backend,
            i64: diesel::serialize::ToSql<diesel::sql_types::BigInt, DB>,
        {
            fn to_sql<'b>(
                &'b self,
                out: &mut diesel::serialize::Output<'b, '_, DB>,
            ) -> diesel::serialize::Result {
                self.0.to_sql(out)
            }
        }

        impl<DB> diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB> for $name
        where
            DB: diesel::backend::Backend,
            i64: diesel::deserialize::FromSql<diesel::sql_types::BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> diesel::deserialize::Result<Self> {
                i64::from_sql(bytes).map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids! {
    /// A member's id.
    UserId;
    /// A need's id.
    NeedId;
    /// An offer's id.
    OfferId;
    /// A message's id (in the conversation of an offer).
    MessageId;
    /// A need category's id.
    CategoryId;
    /// A report's id.
    ReportId;
    /// An appeal's id.
    AppealId;
    /// An invite code's id.
    InviteId;
    /// A notification's id.
    NotificationId;
    /// A moderation log entry's id.
    LogEntryId;
    /// A thank-you note's id.
    ThanksId;
}

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sql_types::BigInt;

    use super::{NeedId, UserId};

    #[test]
    fn an_id_is_written_and_read_as_its_number() {
        let mut conn = SqliteConnection::establish(":memory:").expect("in-memory database");
        let n: i64 = diesel::select(NeedId(154).into_sql::<BigInt>())
            .get_result(&mut conn)
            .expect("written");
        assert_eq!(n, 154);
        let id: UserId = diesel::select(sql::<BigInt>("7"))
            .get_result(&mut conn)
            .expect("read");
        assert_eq!(id, UserId(7));
        assert_eq!(id.to_string(), "7");
    }

    #[test]
    fn an_id_in_a_path_or_form_is_its_number() {
        use serde::Deserialize;
        use serde::de::value::{Error, I64Deserializer, StrDeserializer};
        let need = NeedId::deserialize(I64Deserializer::<Error>::new(154)).expect("a number");
        assert_eq!(need, NeedId(154));
        assert!(NeedId::deserialize(StrDeserializer::<Error>::new("154; drop")).is_err());
    }
}
