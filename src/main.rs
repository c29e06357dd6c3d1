//! The `kith` command: parses the command line and hands over to the library.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::Parser;
use kith::Application;
use kith::accounts::{Clash, db as accounts_db, forms, password};
use kith::config::{
    BackupArgs, Cli, Command, Config, CreateAdminArgs, DbArgs, MailCommand, MailReceiveArgs,
    MailTestArgs, SeedArgs,
};
use kith::db::{self, DatabaseUrl, Db};
use kith::error::Refusal;

fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let outcome = match cli.command {
        None => serve(&cli.serve),
        Some(Command::Serve(args)) => serve(&args),
        Some(Command::Migrate(args)) => migrate(&args),
        Some(Command::CreateAdmin(args)) => create_admin(&args),
        Some(Command::Backup(args)) => backup(&args),
        Some(Command::Seed(args)) => seed(&args),
        Some(Command::Mail(MailCommand::Test(args))) => mail_test(&args),
        Some(Command::Mail(MailCommand::Receive(args))) => return mail_receive(&args),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kith: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Logs go to standard error; `KITH_LOG` filters them (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KITH_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}

fn serve(args: &kith::config::ServeArgs) -> Result<(), String> {
    let config = Config::from_args(args)?;
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config)
            .await
            .map_err(|e| e.to_string())?;
        {
            // Not held while serving: shutdown waits for the state to be let go.
            let state = app.state();
            let mailer = state.part::<kith::mail::Mailer>();
            if mailer.is_folder() {
                tracing::warn!(
                    "No SMTP server is set (--smtp-url): mail is written to {} instead of sent",
                    mailer.describe()
                );
            } else {
                tracing::info!("Mail goes to {}", mailer.describe());
            }
            tracing::info!(
                "Kith is listening on {} (database {:?})",
                state.config.base_url,
                state.config.database_url
            );
            println!("Kith is listening on {}", state.config.base_url);
        }
        if let Some(link) = app.setup_link() {
            tracing::warn!(
                "There is no admin yet. Open this link within 24 hours to create the first admin \
                 (it works once): {link}"
            );
        }
        app.run().await.map_err(|e| e.to_string())
    })
}

/// `kith mail test ADDRESS`: one message through the configured transport,
/// now, and what the server answered.
fn mail_test(args: &MailTestArgs) -> Result<(), String> {
    // The SMTP transport keeps its connections on tasks of its own, so it
    // is made, used and dropped inside the runtime.
    actix_web::rt::System::new().block_on(mail_test_now(args))
}

async fn mail_test_now(args: &MailTestArgs) -> Result<(), String> {
    let database =
        DatabaseUrl::parse(&args.db.database_url).map_err(|e| format!("--database-url: {e}"))?;
    let config = kith::config::mail::MailConfig::from_args(&args.mail, &database)?;
    let mailer = kith::mail::Mailer::new(&config)?;
    // The site's name, if there is a site yet (a test may come before it).
    let exists = match &database {
        DatabaseUrl::Sqlite(path) => std::path::Path::new(path).exists(),
        DatabaseUrl::Postgres(_) => true,
    };
    let site = (if exists {
        open(&args.db)
    } else {
        Err(String::new())
    })
    .and_then(|db| {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        kith::site::db::load_settings(&mut conn).map_err(|e| e.to_string())
    })
    .map_or_else(|_| "Kith".to_owned(), |settings| settings.name);
    let from = mailer.from(&site, "");
    let body = kith::mail::Body {
        paragraphs: vec![format!(
            "This is a test message from {site}. If you can read it, mail from the site \
             reaches this address."
        )],
        reason: "Someone running the site sent it with `kith mail test`.".into(),
        ..Default::default()
    };
    let subject = format!("Test message from {site}");
    let (text, html) = body.render(&site, &subject).map_err(|e| e.to_string())?;
    let message_id = format!(
        "{}@{}",
        kith::kernel::secret::random_token(18),
        from.email.domain()
    );
    let envelope = kith::mail::envelope::Envelope {
        from: &from,
        to: &args.address,
        subject: &subject,
        text: &text,
        html: &html,
        message_id: &message_id,
        unsubscribe_url: None,
        automatic: false,
        bounce_to: None,
        reply_to: None,
    };
    println!(
        "Sending a test message to {} through {} …",
        args.address,
        mailer.describe()
    );
    let sent = mailer.send_now(&envelope).await;
    match sent {
        Ok(answer) => {
            println!("Sent. The server answered: {answer}");
            Ok(())
        }
        Err(failure) => {
            use kith::mail::transport::Failure;
            let what = match failure {
                Failure::Permanent(_) => "The server refused the message for good:",
                Failure::Transient(_) => "The message did not go; this may pass:",
                Failure::Setup(_) => "No mail can go until this is fixed:",
            };
            let causes: String = failure
                .words()
                .lines()
                .map(|line| format!("\n  - {line}"))
                .collect();
            Err(format!("{what}{causes}"))
        }
    }
}

/// `kith mail receive`: one message on standard input, from a mail
/// server; the exit status tells the server how it went.
fn mail_receive(args: &MailReceiveArgs) -> ExitCode {
    use kith::mail::inbound::{self, MAX_SIZE};
    use kith::mail::receive::{self, Addressed, Received};
    let mut raw = Vec::new();
    // The first MAX_SIZE bytes are read (a report's status comes before
    // the copy of the message it may carry); the rest is let go, and an
    // answer that long is refused.
    let read = std::io::stdin()
        .lock()
        .take(u64::try_from(MAX_SIZE + 1).unwrap_or(u64::MAX))
        .read_to_end(&mut raw);
    let cut = raw.len() > MAX_SIZE;
    raw.truncate(MAX_SIZE);
    if let Err(e) = read {
        tracing::error!(error = %e, "could not read the message");
        return ExitCode::from(Received::TryLater.exit_code());
    }
    let _ = std::io::copy(&mut std::io::stdin().lock(), &mut std::io::sink());
    let outcome = match inbound::read(&raw) {
        Err(why) => {
            tracing::warn!(%why, "a message that could not be read was dropped");
            Received::Taken
        }
        Ok(message) => match receive::addressed(args.recipient.as_deref(), &message) {
            None => Received::UnknownRecipient,
            Some(Addressed::Reply(code)) => answer(args, &code, &message, cut),
            Some(Addressed::Bounce(code)) => match open(&args.db).and_then(|db| {
                let mut conn = db.get().map_err(|e| e.to_string())?;
                receive::bounce(&mut conn, &code, &message).map_err(|e| e.to_string())
            }) {
                Err(e) => {
                    tracing::error!(error = %e, "the database did not answer");
                    Received::TryLater
                }
                Ok(None) => Received::UnknownRecipient,
                Ok(Some(failed)) => {
                    tracing::info!(failed_for_good = failed, "a delivery report was read");
                    Received::Taken
                }
            },
        },
    };
    ExitCode::from(outcome.exit_code())
}

/// An answer by mail to a conversation's reply address.
fn answer(
    args: &MailReceiveArgs,
    code: &str,
    message: &kith::mail::inbound::Inbound,
    cut: bool,
) -> kith::mail::receive::Received {
    use kith::mail::receive::Received;
    use kith::needs::by_mail::reply::{self, Site, Taken};
    let zone = match &args.time_zone {
        Some(name) => kith::clock::Zone::named(name),
        None => kith::clock::Zone::of_machine(),
    }
    .unwrap_or(kith::clock::Zone::UTC);
    let base_url = args
        .base_url
        .as_deref()
        .unwrap_or_default()
        .trim_end_matches('/')
        .to_owned();
    let taken = open(&args.db).and_then(|db| {
        let mut conn = db.get().map_err(|e| e.to_string())?;
        let name = kith::site::db::load_settings(&mut conn)
            .map_or_else(|_| "Kith".to_owned(), |settings| settings.name);
        let site = Site { name, base_url };
        let now = kith::clock::Clock::system().now();
        db::write_tx(&mut conn, |conn| {
            reply::take(conn, code, message, cut, &site, (now, zone))
        })
        .map_err(|e| e.to_string())
    });
    match taken {
        Err(e) => {
            tracing::error!(error = %e, "the database did not answer");
            Received::TryLater
        }
        Ok(Taken::Unknown) => Received::UnknownRecipient,
        Ok(Taken::Posted) => {
            tracing::info!("an answer by e-mail was posted");
            Received::Taken
        }
        Ok(Taken::Dropped) => {
            tracing::info!("an automatic answer was dropped");
            Received::Taken
        }
        Ok(Taken::Refused(why)) => {
            tracing::info!(%why, "an answer by e-mail was refused");
            Received::Taken
        }
    }
}

fn open(args: &DbArgs) -> Result<Db, String> {
    let url = DatabaseUrl::parse(&args.database_url).map_err(|e| format!("--database-url: {e}"))?;
    Db::connect(&url, 1).map_err(|e| format!("cannot open the database: {e}"))
}

fn migrate(args: &DbArgs) -> Result<(), String> {
    let db = open(args)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    let applied = db::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    println!("Applied {applied} migration(s); the database is up to date.");
    Ok(())
}

fn backup(args: &BackupArgs) -> Result<(), String> {
    let db = open(&args.db)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    db::backup::backup_to(&mut conn, &args.destination)?;
    println!(
        "Backup written to {} and checked.",
        args.destination.display()
    );
    Ok(())
}

fn seed(args: &SeedArgs) -> Result<(), String> {
    let db = open(&args.db)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    db::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    // Every demo member shares one password, hashed once.
    let hash = password::hash_now(kith::seed::DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let clock = kith::clock::Clock::system();
    let options = kith::seed::SeedOptions {
        members: args.members,
        needs: args.needs,
        seed: args.seed,
        force: args.force,
    };
    let report = kith::seed::seed(&mut conn, options, clock.now(), clock.today(), &hash)?;
    println!(
        "Seeded {} members, {} needs, {} offers, {} messages and {} thank-you notes in {:.1} s. \
         Demo members log in as memberN{} with the password \"{}\".",
        report.members,
        report.needs,
        report.offers,
        report.messages,
        report.thanks,
        report.seconds,
        kith::seed::db::DEMO_DOMAIN,
        kith::seed::DEMO_PASSWORD,
    );
    Ok(())
}

fn create_admin(args: &CreateAdminArgs) -> Result<(), String> {
    let email = forms::Email::parse(&args.email).map_err(|e| format!("--email: {e}"))?;
    let name = forms::DisplayName::parse(&args.name).map_err(|e| format!("--name: {e}"))?;
    let password = read_password()?;
    password::check_new_password(&password, email.as_str(), name.as_str())
        .map_err(|e| format!("password: {e}"))?;
    let hash = password::hash_now(&password).map_err(|e| e.to_string())?;
    let db = open(&args.db)?;
    let mut conn = db.get().map_err(|e| e.to_string())?;
    db::run_migrations(&mut conn).map_err(|e| e.to_string())?;
    let new = accounts_db::NewUser {
        email: email.as_str(),
        display_name: name.as_str(),
        password_hash: &hash,
        role: kith::kernel::identity::Role::Admin,
        created_at: kith::clock::Clock::system().now(),
        standing: kith::kernel::identity::Standing::Active,
        application: "",
        invited_by: None,
        invite_id: None,
        email_confirmed: true,
    };
    // The admin and the voiding of setup links go together, or not at all.
    let created = db::write_tx(&mut conn, |conn| {
        if accounts_db::name_looks_like_staff(conn, &name, None)? {
            return Err(Refusal::Conflict(Clash::LooksLikeStaff));
        }
        let Some(id) = accounts_db::insert_user(conn, &new)? else {
            return Err(Refusal::Conflict(Clash::EmailTaken));
        };
        accounts_db::void_setup_tokens(conn)?;
        Ok(id)
    });
    match created {
        Ok(_) => {
            println!("Created admin {} <{}>.", name.as_str(), email.as_str());
            Ok(())
        }
        Err(Refusal::Conflict(Clash::EmailTaken)) => {
            Err(format!("an account with {} already exists", email.as_str()))
        }
        Err(Refusal::Conflict(clash @ Clash::LooksLikeStaff)) => Err(format!("--name: {clash}")),
        Err(Refusal::Database(e)) => Err(e.to_string()),
        Err(other) => Err(kith::error::AppError::from(other).to_string()),
    }
}

fn read_password() -> Result<String, String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password for the new admin: ")
            .map_err(|e| e.to_string())?;
        let second =
            rpassword::prompt_password("The same password again: ").map_err(|e| e.to_string())?;
        if first != second {
            return Err("the two passwords are not the same".into());
        }
        Ok(first)
    } else {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| format!("cannot read the password: {e}"))?;
        let line = input.split('\n').next().unwrap_or_default();
        Ok(line.strip_suffix('\r').unwrap_or(line).to_owned())
    }
}
