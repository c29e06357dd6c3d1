//! The command line and the one [`Config`] the server runs with.
//!
//! Every flag can also be given as an environment variable (`KITH_…`).
//! What an admin changes on the site itself is in [`site`].

pub mod mail;

pub use mail::commands::{MailCommand, MailReceiveArgs, MailTestArgs};
pub mod site;

use std::net::IpAddr;
use std::time::Duration;

use actix_web::http::Uri;
use clap::{Args, Parser, Subcommand};
use ipnet::IpNet;

use crate::clock::{Clock, Zone};
use crate::db::DatabaseUrl;

/// Kith: a mutual-aid board for one neighbourhood.
#[derive(Debug, Parser)]
#[command(name = "kith", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// What to do; `serve` when left out.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Flags for `serve`, accepted without the word `serve` too.
    #[command(flatten)]
    pub serve: ServeArgs,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate(DbArgs),
    /// Create an admin account; the password is read from standard input.
    CreateAdmin(CreateAdminArgs),
    /// Write a checked copy of an SQLite database (safe while the site runs).
    Backup(BackupArgs),
    /// Fill the database with demo neighbourhood data.
    Seed(SeedArgs),
    /// Mail: `kith mail test ADDRESS` sends one message now.
    #[command(subcommand)]
    Mail(MailCommand),
}

/// Where the database is.
#[derive(Debug, Clone, Args)]
pub struct DbArgs {
    /// `sqlite://PATH` (relative to the working directory) or `postgres://USER@HOST/DB`.
    #[arg(long, env = "KITH_DATABASE_URL", default_value = "sqlite://kith.db")]
    pub database_url: String,
}

/// Flags for `kith serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "KITH_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// The address people use to reach the site; `https://` turns on secure
    /// cookies and HSTS. Defaults to `http://` and the bind address.
    #[arg(long, env = "KITH_BASE_URL")]
    pub base_url: Option<String>,
    /// A reverse proxy whose `X-Forwarded-For` header is believed (an address
    /// or a CIDR range). Repeat the flag, or separate with commas in the variable.
    #[arg(
        long = "trusted-proxy",
        env = "KITH_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// Days a session lasts without being used.
    #[arg(long, env = "KITH_SESSION_IDLE_DAYS", default_value_t = 14)]
    pub session_idle_days: u32,
    /// Days a session lasts at most, however much it is used.
    #[arg(long, env = "KITH_SESSION_MAX_DAYS", default_value_t = 60)]
    pub session_max_days: u32,
    /// Database connections (and database threads) at most.
    #[arg(long, env = "KITH_DB_POOL_SIZE", default_value_t = 4)]
    pub db_pool_size: u32,
    /// Addresses or CIDR ranges that may read `/metrics`. Repeat the flag,
    /// or separate with commas in the variable.
    #[arg(
        long = "metrics-allow",
        env = "KITH_METRICS_ALLOW",
        value_delimiter = ',',
        default_value = "127.0.0.0/8,::1/128"
    )]
    pub metrics_allow: Vec<String>,
    /// Threads hashing passwords, each holding 19 MiB of argon2 memory;
    /// defaults to the number of cores, at most 4.
    #[arg(long, env = "KITH_HASH_THREADS")]
    pub hash_threads: Option<usize>,
    /// The neighbourhood's time zone, an IANA name such as Europe/London:
    /// what "today" is and how every time is shown. Defaults to the
    /// machine's `TZ`, else UTC.
    #[arg(long, env = "KITH_TIME_ZONE")]
    pub time_zone: Option<String>,
    /// Mail settings.
    #[command(flatten)]
    pub mail: mail::MailArgs,
    /// Database location.
    #[command(flatten)]
    pub db: DbArgs,
}

/// Flags for `kith create-admin`.
#[derive(Debug, Clone, Args)]
pub struct CreateAdminArgs {
    /// The admin's e-mail address (used to log in).
    #[arg(long, env = "KITH_ADMIN_EMAIL")]
    pub email: String,
    /// The admin's display name.
    #[arg(long, env = "KITH_ADMIN_NAME")]
    pub name: String,
    /// Database location.
    #[command(flatten)]
    pub db: DbArgs,
}

/// Flags for `kith backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// Where to write the copy; an existing file there is replaced.
    pub destination: std::path::PathBuf,
    /// Database location.
    #[command(flatten)]
    pub db: DbArgs,
}

/// Flags for `kith seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// Members to add.
    #[arg(long, default_value_t = 100)]
    pub members: u32,
    /// Needs to add.
    #[arg(long, default_value_t = 500)]
    pub needs: u32,
    /// The same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Seed even though the database has real members.
    #[arg(long)]
    pub force: bool,
    /// Database location.
    #[command(flatten)]
    pub db: DbArgs,
}

/// Everything the server needs to run, checked.
#[derive(Clone, Debug)]
pub struct Config {
    /// Address to listen on; port 0 picks a free one.
    pub bind: String,
    /// Which database.
    pub database_url: DatabaseUrl,
    /// The site's public address, without a trailing slash; when empty,
    /// `http://` and the address actually bound.
    pub base_url: String,
    /// Whether the base URL is https (secure cookies, HSTS).
    pub https: bool,
    /// Proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Session idle timeout.
    pub session_idle: Duration,
    /// Session absolute lifetime.
    pub session_max: Duration,
    /// Pooled database connections.
    pub db_pool_size: u32,
    /// HTTP worker threads.
    pub workers: usize,
    /// Password hashing threads.
    pub hash_threads: usize,
    /// Who may read `/metrics`.
    pub metrics_allow: Vec<IpNet>,
    /// Where time comes from.
    pub clock: Clock,
    /// How mail leaves.
    pub mail: mail::MailConfig,
}

impl Config {
    /// Checks the flags; the error says which flag is wrong and how.
    pub fn from_args(args: &ServeArgs) -> Result<Self, String> {
        let database_url = DatabaseUrl::parse(&args.db.database_url)
            .map_err(|e| format!("--database-url: {e}"))?;
        let (base_url, https) = match &args.base_url {
            Some(url) => parse_base_url(url)?,
            // Filled in with the address actually bound (port 0 picks one).
            None => (String::new(), false),
        };
        let trusted_proxies = args
            .trusted_proxies
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| parse_proxy(p.trim()))
            .collect::<Result<_, _>>()?;
        if args.session_idle_days == 0 || args.session_max_days < args.session_idle_days {
            return Err(
                "--session-idle-days must be at least 1 and at most --session-max-days".into(),
            );
        }
        if args.db_pool_size == 0 {
            return Err("--db-pool-size must be at least 1".into());
        }
        let metrics_allow = args
            .metrics_allow
            .iter()
            .filter(|p| !p.trim().is_empty())
            .map(|p| parse_net(p.trim(), "--metrics-allow"))
            .collect::<Result<_, _>>()?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hash_threads = args.hash_threads.unwrap_or(cores.min(4));
        if !(1..=64).contains(&hash_threads) {
            return Err("--hash-threads must be between 1 and 64".into());
        }
        let mail = mail::MailConfig::from_args(&args.mail, &database_url)?;
        mail::check_sender(&mail, &base_url)?;
        let zone = match &args.time_zone {
            Some(name) => Zone::named(name).map_err(|e| format!("--time-zone: {e}"))?,
            None => Zone::of_machine().map_err(|e| {
                format!("TZ: {e}. Set --time-zone (KITH_TIME_ZONE) to the neighbourhood's zone")
            })?,
        };
        Ok(Self {
            bind: args.bind.clone(),
            database_url,
            base_url,
            https,
            trusted_proxies,
            session_idle: Duration::from_secs(u64::from(args.session_idle_days) * 86_400),
            session_max: Duration::from_secs(u64::from(args.session_max_days) * 86_400),
            db_pool_size: args.db_pool_size,
            workers: cores,
            hash_threads,
            metrics_allow,
            clock: Clock::system().in_zone(zone),
            mail,
        })
    }

    /// A configuration for tests and tools: a database, port 0, one worker,
    /// defaults elsewhere.
    pub fn for_database(database_url: DatabaseUrl) -> Self {
        Self {
            mail: mail::MailConfig::for_database(&database_url),
            bind: "127.0.0.1:0".into(),
            database_url,
            base_url: String::new(),
            https: false,
            trusted_proxies: Vec::new(),
            session_idle: Duration::from_secs(14 * 86_400),
            session_max: Duration::from_secs(60 * 86_400),
            db_pool_size: 4,
            workers: 1,
            hash_threads: 2,
            metrics_allow: vec![
                IpNet::from(IpAddr::from([127, 0, 0, 1])),
                IpNet::from(IpAddr::from(std::net::Ipv6Addr::LOCALHOST)),
            ],
            clock: Clock::system(),
        }
    }
}

fn parse_base_url(url: &str) -> Result<(String, bool), String> {
    let base_url = url.trim_end_matches('/').to_owned();
    let uri: Uri = base_url
        .parse()
        .map_err(|_| format!("--base-url: {base_url} is not a URL"))?;
    let https = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        _ => return Err("--base-url must start with http:// or https://".into()),
    };
    if uri.host().is_none() {
        return Err(format!("--base-url: {base_url} has no host"));
    }
    Ok((base_url, https))
}

fn parse_proxy(text: &str) -> Result<IpNet, String> {
    parse_net(text, "--trusted-proxy")
}

fn parse_net(text: &str, flag: &str) -> Result<IpNet, String> {
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net);
    }
    text.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| format!("{flag}: {text} is neither an address nor a CIDR range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(extra: &[&str]) -> ServeArgs {
        let mut argv = vec!["kith"];
        argv.extend_from_slice(extra);
        Cli::try_parse_from(argv).expect("flags parse").serve
    }

    #[test]
    fn defaults_listen_on_port_8080_with_kith_db_in_the_working_directory() {
        let config = Config::from_args(&args(&[])).expect("defaults are valid");
        assert_eq!(config.bind, "127.0.0.1:8080");
        assert_eq!(config.database_url, DatabaseUrl::Sqlite("kith.db".into()));
        assert_eq!(config.base_url, "", "derived from the address bound");
        assert!(!config.https);
    }

    #[test]
    fn an_https_base_url_turns_on_secure_mode() {
        let config = Config::from_args(&args(&["--base-url", "https://kith.example/"]))
            .expect("valid base URL");
        assert!(config.https);
        assert_eq!(config.base_url, "https://kith.example");
    }

    #[test]
    fn trusted_proxies_take_addresses_and_ranges() {
        let config = Config::from_args(&args(&[
            "--trusted-proxy",
            "10.0.0.1",
            "--trusted-proxy",
            "fd00::/8",
        ]))
        .expect("valid proxies");
        assert_eq!(config.trusted_proxies.len(), 2);
        assert!(Config::from_args(&args(&["--trusted-proxy", "nonsense"])).is_err());
    }

    #[test]
    fn the_time_zone_is_a_name_and_a_wrong_one_stops_the_start() {
        let config =
            Config::from_args(&args(&["--time-zone", "Europe/London"])).expect("a known zone");
        assert_eq!(config.clock.zone().name(), "Europe/London");
        let refused = Config::from_args(&args(&["--time-zone", "Europe/Lundon"]))
            .expect_err("an unknown zone");
        assert!(refused.starts_with("--time-zone:"), "{refused}");
        assert!(refused.contains("Europe/Lundon"), "{refused}");
    }

    #[test]
    fn the_backend_is_chosen_by_the_url_scheme() {
        assert!(matches!(
            DatabaseUrl::parse("postgres://kith@localhost/kith"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("kith.db").is_err());
    }
}
