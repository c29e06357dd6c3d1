//! What went wrong with the SMTP server, in words an operator can act on.
//!
//! lettre's errors nest (an SMTP error around an I/O error around a TLS
//! error) and print as one run-on line. [`explain`] walks the chain, says
//! each cause once in plain words, and sorts the failure: a certificate
//! the server cannot prove, a login refused or a sender not allowed is
//! the site's own set-up ([`Failure::Setup`]), not a passing trouble and
//! not the recipient's fault.

use std::error::Error as _;

use super::Failure;
use super::smtp::SendError;

/// SMTP reply codes that mean the site's own set-up is wrong: the server
/// wants a login (530), refused the one given (535, 534, 538), or will not
/// take mail from this sender (550 5.7.1 at `MAIL FROM` is not told apart
/// from a refused recipient, so it is not listed).
const SETUP_CODES: [&str; 4] = ["530", "534", "535", "538"];

/// The failure `e` is, for the server at `host`, with one line per cause.
pub fn explain(e: &SendError, host: &str) -> Failure {
    match e {
        SendError::Smtp(e) => explain_smtp(e, host),
        SendError::Timeout => Failure::Transient(format!(
            "{host} did not answer within {} seconds",
            super::SMTP_TIMEOUT.as_secs()
        )),
        SendError::Io(io) => {
            if let Some(why) = io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
                .and_then(|tls| match tls {
                    rustls::Error::InvalidCertificate(why) => Some(why),
                    _ => None,
                })
            {
                return Failure::Setup(certificate_line(why, host));
            }
            let line = plain(io, &io.to_string(), host);
            if io
                .get_ref()
                .is_some_and(|inner| inner.is::<rustls::Error>())
            {
                Failure::Setup(format!("the encrypted connection to {host} failed: {line}"))
            } else {
                Failure::Transient(line)
            }
        }
    }
}

fn certificate_line(why: &rustls::CertificateError, host: &str) -> String {
    format!(
        "the server's certificate is not valid for {host}: {}",
        certificate_words(why)
    )
}

/// The failure an SMTP error is.
fn explain_smtp(e: &lettre::transport::smtp::Error, host: &str) -> Failure {
    let lines = causes(e, host);
    let text = lines.join("\n");
    let code = e.status().map(|c| c.to_string()).unwrap_or_default();
    if certificate(e).is_some() || e.is_tls() || SETUP_CODES.contains(&code.as_str()) {
        Failure::Setup(text)
    } else if e.is_permanent() {
        Failure::Permanent(text)
    } else {
        Failure::Transient(text)
    }
}

/// One line per cause, outermost first, each said once.
fn causes(e: &lettre::transport::smtp::Error, host: &str) -> Vec<String> {
    if let Some(why) = certificate(e) {
        return vec![certificate_line(why, host)];
    }
    if let Some(code) = e.status() {
        let said = e.source().map(|s| s.to_string()).unwrap_or_default();
        return vec![
            format!("the server answered: {code} {said}")
                .trim_end()
                .to_owned(),
        ];
    }
    // Each level prints its own words and then its source's: keep only
    // its own.
    let mut shown: Vec<String> = Vec::new();
    let mut level: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = level {
        let own = err.to_string();
        let inner = err.source().map(|s| s.to_string()).unwrap_or_default();
        let own = own
            .strip_suffix(&inner)
            .map_or(own.as_str(), |o| o.trim_end_matches([':', ' ', '(']))
            .trim()
            .to_owned();
        let line = plain(err, &own, host);
        if !line.is_empty() && !shown.iter().any(|s| s.contains(&line)) {
            shown.push(line);
        }
        level = err.source();
    }
    if shown.is_empty() {
        shown.push(format!("{e}"));
    }
    shown
}

/// Plain words for one level of the chain.
fn plain(err: &(dyn std::error::Error + 'static), own: &str, host: &str) -> String {
    if let Some(io) = err.downcast_ref::<std::io::Error>() {
        use std::io::ErrorKind;
        return match io.kind() {
            ErrorKind::ConnectionRefused => {
                format!("nothing answers at {host}: the connection was refused")
            }
            ErrorKind::TimedOut => format!("{host} did not answer in time"),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted => {
                format!("{host} closed the connection")
            }
            _ => own.to_owned(),
        };
    }
    match own {
        "Connection error" | "network error" => String::new(),
        "tls error" => format!("the encrypted connection to {host} could not be set up"),
        _ => own.to_owned(),
    }
}

/// The certificate error somewhere in `e`'s chain, if any.
fn certificate(e: &lettre::transport::smtp::Error) -> Option<&rustls::CertificateError> {
    let mut level: Option<&(dyn std::error::Error + 'static)> = e.source();
    while let Some(err) = level {
        let tls = err.downcast_ref::<rustls::Error>().or_else(|| {
            err.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        });
        if let Some(rustls::Error::InvalidCertificate(why)) = tls {
            return Some(why);
        }
        level = err.source();
    }
    None
}

fn certificate_words(why: &rustls::CertificateError) -> String {
    use rustls::CertificateError as C;
    match why {
        C::Expired | C::ExpiredContext { .. } => "it has expired".into(),
        C::NotValidYet | C::NotValidYetContext { .. } => "it is not valid yet".into(),
        C::NotValidForName | C::NotValidForNameContext { .. } => {
            format!("it is made out to another name ({why})")
        }
        C::UnknownIssuer => {
            "it is not signed by an authority this machine trusts (is it self-signed?)".into()
        }
        C::Revoked => "it has been revoked".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_failure_is_said_in_words_with_the_server_name() {
        let words = certificate_words(&rustls::CertificateError::Expired);
        assert_eq!(words, "it has expired");
        let words = certificate_words(&rustls::CertificateError::UnknownIssuer);
        assert!(words.contains("self-signed"), "{words}");
    }
}
