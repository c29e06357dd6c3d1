//! Who mail comes from: a domain it can come from, and the start refused
//! when an SMTP server has none.

use super::{MailConfig, MailTransport};

/// The host of `base_url` if mail can come from it: a name with a dot
/// that is not an IP address and not a name kept for local or test use
/// (`localhost`, `.local`, `.localhost`, `.internal`, `.invalid`,
/// `.test`, `.home.arpa`).
pub fn mail_domain(base_url: &str) -> Option<&str> {
    let host = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest)
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    // An IPv6 literal is bracketed; anything else may end in :port.
    let host = if host.starts_with('[') {
        return None;
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    let lower = host.to_ascii_lowercase();
    let local = [
        "localhost",
        "local",
        "internal",
        "invalid",
        "test",
        "home.arpa",
    ]
    .iter()
    .any(|end| lower == *end || lower.ends_with(&format!(".{end}")));
    let named = host.contains('.')
        && host.parse::<std::net::IpAddr>().is_err()
        && !lower.ends_with('.')
        && !local;
    named.then_some(host)
}

/// Refuses to send through an SMTP server as `kith@` a host that is not a
/// domain (an IP address, `localhost`): such mail would come from an
/// address nobody can answer and spam filters reject. The outbox folder
/// needs no sender.
pub fn check_sender(mail: &MailConfig, base_url: &str) -> Result<(), String> {
    if !matches!(mail.transport, MailTransport::Smtp(_))
        || mail.from.is_some()
        || mail_domain(base_url).is_some()
    {
        return Ok(());
    }
    let shown = if base_url.is_empty() {
        "the address Kith listens on".to_owned()
    } else {
        base_url.to_owned()
    };
    Err(format!(
        "--mail-from: mail goes through an SMTP server, but the base URL ({shown}) has no \
         domain mail could come from. Set --mail-from (KITH_MAIL_FROM) to an address at your \
         own domain, e.g. \"Larkhill Neighbours <kith@larkhill.example.org>\", or set \
         --base-url (KITH_BASE_URL) to the site's public address, e.g. \
         https://larkhill.example.org"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::mail::parse_smtp_url;
    use crate::db::DatabaseUrl;

    #[test]
    fn mail_can_come_from_a_named_host_but_not_an_address_or_a_local_name() {
        let cases = [
            ("https://larkhill.example.org", Some("larkhill.example.org")),
            ("http://kith.example.org:8080/", Some("kith.example.org")),
            ("http://127.0.0.1:8080", None),
            ("http://[::1]:8080", None),
            ("http://localhost:8080", None),
            ("http://kith.localhost", None),
            ("http://kith.local", None),
            ("http://kith.home.arpa", None),
            ("http://intranet", None),
            ("", None),
        ];
        for (url, domain) in cases {
            assert_eq!(mail_domain(url), domain, "{url}");
        }
    }

    #[test]
    fn an_smtp_server_without_a_domain_to_send_from_is_refused_but_the_folder_is_fine() {
        let database = DatabaseUrl::Sqlite("kith.db".into());
        let folder = MailConfig::for_database(&database);
        assert_eq!(check_sender(&folder, "http://127.0.0.1:8080"), Ok(()));
        let mut smtp = folder.clone();
        smtp.transport =
            MailTransport::Smtp(parse_smtp_url("smtp://mail.example.org").expect("url"));
        let refused = check_sender(&smtp, "http://127.0.0.1:8080").expect_err("refused");
        assert!(refused.starts_with("--mail-from:"), "{refused}");
        assert!(refused.contains("--base-url"), "{refused}");
        assert!(
            check_sender(&smtp, "").is_err(),
            "the bind address is no domain"
        );
        assert_eq!(check_sender(&smtp, "https://larkhill.example.org"), Ok(()));
        smtp.from = Some("kith@larkhill.example.org".parse().expect("address"));
        assert_eq!(check_sender(&smtp, "http://127.0.0.1:8080"), Ok(()));
    }
}
