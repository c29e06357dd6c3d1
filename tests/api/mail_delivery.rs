//! How mail is handed over: a few connections for many messages, and a
//! server whose certificate cannot be trusted said in plain words.

use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::helpers::{spawn_app, spawn_app_with};
use crate::mail::{letter, queue_letters};

#[actix_web::test]
async fn fifty_messages_go_over_a_few_connections_kept_open() {
    let app = spawn_app().await;
    let before = app.mailbox.connections();
    let letters = (0..50)
        .map(|n| letter(&format!("n{n}@example.org"), &format!("Message {n}")))
        .collect();
    queue_letters(&app, letters).await;

    let done = app.deliver_mail().await;

    assert_eq!(done.sent, 50);
    assert_eq!(app.mailbox.all().len(), 50);
    let used = app.mailbox.connections() - before;
    assert!(
        (1..=kith::mail::sender::LANES).contains(&used),
        "one connection per lane at most, kept open between messages: {used}"
    );
}

/// A TLS server on loopback presenting a self-signed certificate for
/// `localhost`, as a mail server set up by hand might; it never gets as
/// far as SMTP. Returns its port.
async fn server_with_a_self_signed_certificate() -> u16 {
    let made =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("a certificate");
    let chain = vec![made.cert.der().clone()];
    let key =
        rustls::pki_types::PrivateKeyDer::try_from(made.key_pair.serialize_der()).expect("a key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .expect("a server configuration");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("address").port();
    actix_web::rt::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            actix_web::rt::spawn(async move {
                if let Ok(mut tls) = acceptor.accept(socket).await {
                    let _ = tls.write_all(b"220 localhost ESMTP\r\n").await;
                    let mut buf = [0_u8; 512];
                    let _ = tls.read(&mut buf).await;
                }
            });
        }
    });
    port
}

#[actix_web::test]
async fn a_certificate_the_server_cannot_prove_is_said_in_words_and_no_address_is_blamed() {
    let port = server_with_a_self_signed_certificate().await;
    let url = format!("smtps://localhost:{port}");

    // The operator's first try.
    let dir = tempfile::tempdir().expect("a folder");
    let database = format!("sqlite://{}", dir.path().join("none.db").display());
    let smtp = url.clone();
    let output = actix_web::web::block(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_kith"))
            .args(["mail", "test", "operator@example.org", "--smtp-url", &smtp])
            .args(["--database-url", &database])
            .output()
    })
    .await
    .expect("ran")
    .expect("started");
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("No mail can go until this is fixed"),
        "{said}"
    );
    assert!(
        said.contains("the server's certificate is not valid for localhost"),
        "{said}"
    );
    assert!(said.contains("self-signed"), "{said}");
    assert!(!said.contains("try again later"), "{said}");
    let causes = said.lines().filter(|l| l.starts_with("  - ")).count();
    assert_eq!(causes, 1, "one readable line per cause: {said}");

    // The running site: the message waits, and the admin is told.
    let app = spawn_app_with(|config| {
        config.mail.transport = kith::config::mail::MailTransport::Smtp(
            kith::config::mail::parse_smtp_url(&url).expect("the URL"),
        );
    })
    .await;
    let admin = app.admin().await;
    queue_letters(
        &app,
        vec![letter("alice@example.org", "Bob offered to help")],
    )
    .await;
    let done = app.deliver_mail().await;
    assert_eq!((done.sent, done.failed, done.retrying), (0, 0, 1));

    let report = admin.get("/admin/mail").await;
    let stopped = report.text("#mail-stopped").expect("the trouble, on top");
    assert!(
        stopped.contains("No mail can go out until this is fixed"),
        "{stopped}"
    );
    assert!(
        stopped.contains("the server's certificate is not valid for localhost"),
        "{stopped}"
    );
    assert!(
        report
            .text("#troubles")
            .is_some_and(|t| t.contains("Will try again")),
        "the message waits: {}",
        report.body
    );
}
