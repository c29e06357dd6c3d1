//! Delivery status notifications.

use super::{fixture, read_fixture};
use crate::mail::inbound::{Delivery, read};

#[test]
fn a_permanent_failure_report_names_the_recipient_and_status() {
    let inbound = read_fixture(fixture!("bounce_postfix_user_unknown"));
    let report = inbound.report.expect("a delivery report");
    assert_eq!(
        report.recipients,
        [Delivery {
            recipient: "dora.finch@example.net".to_owned(),
            action: "failed".to_owned(),
            status: "5.1.1".to_owned(),
            diagnostic: "550 5.1.1 <dora.finch@example.net>: Recipient address rejected: \
                         User unknown in virtual mailbox table"
                .to_owned(),
        }]
    );
    assert!(report.recipients[0].is_permanent_failure());
    assert!(inbound.automatic);
    assert_eq!(inbound.reply, None);
    assert_eq!(
        inbound.from.as_deref(),
        Some("mailer-daemon@mail.kith.example")
    );
    assert_eq!(
        inbound.recipients,
        ["kith@mail.kith.example", "bounces@kith.example"]
    );
}

#[test]
fn a_delayed_delivery_report_is_not_a_permanent_failure() {
    let report = read_fixture(fixture!("bounce_postfix_delayed"))
        .report
        .expect("a delivery report");
    assert_eq!(report.recipients.len(), 1);
    let delivery = &report.recipients[0];
    assert_eq!(delivery.recipient, "farid@mail.example.org");
    assert_eq!(delivery.action, "delayed");
    assert_eq!(delivery.status, "4.4.1");
    assert_eq!(
        delivery.diagnostic,
        "connect to mx.example.org[203.0.113.9]:25: Connection timed out"
    );
    assert!(!delivery.is_permanent_failure());
}

#[test]
fn an_exim_report_unfolds_its_long_diagnostic_onto_one_line() {
    let inbound = read_fixture(fixture!("bounce_exim"));
    assert!(inbound.automatic);
    assert_eq!(inbound.recipients, ["bounces@kith.example"]);
    let report = inbound.report.expect("a delivery report");
    assert_eq!(report.recipients.len(), 1);
    let delivery = &report.recipients[0];
    assert_eq!(delivery.recipient, "eve@example.com");
    assert_eq!(delivery.action, "failed");
    assert_eq!(delivery.status, "5.0.0");
    assert!(delivery.is_permanent_failure());
    assert!(delivery.diagnostic.starts_with(
        "550-5.1.1 The email account that you tried to reach does not exist. Please try 550-5.1.1 double-checking"
    ));
    assert!(!delivery.diagnostic.contains('\n'));
    assert!(delivery.diagnostic.chars().count() <= 300);
}

/// A report with `status` as its delivery-status part, of `kind`.
fn report_with(kind: &str, status: &str) -> Vec<u8> {
    format!(
        "From: MAILER-DAEMON@mx.example.org\r\nTo: bounces@kith.example\r\nSubject: Failure\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type={kind}; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nIt did not arrive.\r\n\
         --b\r\nContent-Type: message/{kind}\r\n\r\n{status}\r\n--b--\r\n"
    )
    .into_bytes()
}

#[test]
fn an_international_report_reads_like_any_other() {
    let status = "Reporting-MTA: dns; mx.example.org\r\n\r\n\
                  Final-Recipient: utf-8; józef@example.pl\r\nAction: failed\r\nStatus: 5.1.1\r\n";
    let inbound = read(&report_with("global-delivery-status", status)).expect("a message");
    let report = inbound.report.expect("a delivery report");
    assert_eq!(report.recipients[0].recipient, "józef@example.pl");
    assert!(report.recipients[0].is_permanent_failure());
}

#[test]
fn a_report_lists_each_recipient_and_reads_field_names_in_any_case() {
    let status = "reporting-mta: dns; mx.example.org\r\n\r\n\
                  ORIGINAL-RECIPIENT: rfc822;<Ann@Example.org>\r\naction: Failed\r\nstatus: 5.2.2 (mailbox full)\r\n\
                  diagnostic-code: smtp; 552 5.2.2\r\n  Mailbox full\r\n\r\n\
                  Final-Recipient: rfc822; bob@example.org\r\nAction: delivered\r\nStatus: 2.0.0\r\n";
    let report = read(&report_with("delivery-status", status))
        .expect("a message")
        .report
        .expect("a delivery report");
    let recipients: Vec<(&str, &str, &str, &str)> = report
        .recipients
        .iter()
        .map(|d| {
            (
                d.recipient.as_str(),
                d.action.as_str(),
                d.status.as_str(),
                d.diagnostic.as_str(),
            )
        })
        .collect();
    assert_eq!(
        recipients,
        [
            (
                "ann@example.org",
                "failed",
                "5.2.2",
                "552 5.2.2 Mailbox full"
            ),
            ("bob@example.org", "delivered", "2.0.0", ""),
        ]
    );
}

#[test]
fn a_diagnostic_is_cut_at_three_hundred_characters() {
    let long = "x".repeat(500);
    let status = format!(
        "Reporting-MTA: dns; mx.example.org\r\n\r\nFinal-Recipient: rfc822; a@example.org\r\nAction: failed\r\nStatus: 5.0.0\r\nDiagnostic-Code: smtp; 550 {long}\r\n"
    );
    let report = read(&report_with("delivery-status", &status))
        .expect("a message")
        .report
        .expect("a delivery report");
    assert_eq!(report.recipients[0].diagnostic.chars().count(), 300);
}

#[test]
fn a_read_receipt_or_an_ordinary_reply_is_no_delivery_report() {
    let receipt = read(&report_with("disposition-notification", "Final-Recipient: rfc822; a@example.org\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n"))
        .expect("a message");
    assert_eq!(receipt.report, None);
    assert_eq!(read_fixture(fixture!("gmail_reply_en")).report, None);
}
