//! The `leady` command: serve the app, or do an operator's task on its database.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use leady::auth::model::Role;
use leady::auth::repo::{NewUser, create_user};
use leady::capture::model::FormInput;
use leady::server::{config::Settings, db, demo, serve};

#[derive(Parser)]
#[command(
    name = "leady",
    version,
    about = "Leady – lead management for Czech sales teams"
)]
struct Cli {
    /// Runtime settings file; environment variables override it.
    #[arg(
        long,
        global = true,
        default_value = "Leptos.toml",
        env = "LEADY_CONFIG"
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web app (the default).
    Serve,
    /// Create and migrate the database, then exit.
    Migrate,
    /// Add demo users (their passwords are printed) and a few dozen Czech demo leads.
    DemoData,
    /// Create an admin; the password is read from the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Web forms that post leads (as on /admin/forms).
    CaptureForm {
        #[command(subcommand)]
        command: CaptureFormCommand,
    },
    /// Take .eml files in as the mailbox poller takes messages: one line per file (created
    /// lead N, activity on lead N, skipped: reason, duplicate).
    ImportEml {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Subcommand)]
enum CaptureFormCommand {
    /// Create a switched-on form taking name, email, phone, company and message (last name
    /// and email required), its leads given out by the assignment rules; prints its key.
    Create {
        #[arg(long)]
        name: String,
        /// A site allowed to post it, like https://www.firma.cz (repeat for more).
        #[arg(long = "origin", required = true)]
        origins: Vec<String>,
        /// The source stamped on its leads (a code: web_form, phone, email, referral,
        /// trade_fair, marketing, other).
        #[arg(long, default_value = "web_form")]
        source: String,
    },
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let logs = tracing_subscriber::fmt().with_env_filter(
        tracing_subscriber::EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| "info,sqlx=warn".into()),
    );
    // import-eml's answer is its standard output, one line per file: the log goes aside.
    if matches!(cli.command, Some(Command::ImportEml { .. })) {
        logs.with_writer(std::io::stderr).init();
    } else {
        logs.init();
    }
    if let Err(message) = run(cli).await {
        eprintln!("leady: {message}");
        std::process::exit(1);
    }
}

async fn run(cli: Cli) -> Result<(), String> {
    let settings = Settings::load(&cli.config)?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => db::open(&settings)
            .await
            .map(|_| println!("Database is up to date.")),
        Command::DemoData => {
            let db = db::open(&settings).await?;
            let users = demo::insert_demo_users(&db, chrono::Utc::now()).await?;
            for (email, role, password) in &users {
                println!("Demo user {email} ({role}): {password}");
            }
            let n = demo::insert_demo_leads(&db, chrono::Utc::now())
                .await
                .map_err(|e| format!("demo data: {e:?}"))?;
            println!("Added {n} demo leads.");
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let mut password = String::new();
            std::io::stdin()
                .read_line(&mut password)
                .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
            let password = password.trim_end_matches(['\r', '\n']).to_string();
            let db = db::open(&settings).await?;
            let user = NewUser {
                email,
                name,
                role: Role::Admin,
                password,
            };
            let admin = create_user(&db, user, chrono::Utc::now())
                .await
                .map_err(|e| format!("cannot create the admin: {e}"))?;
            println!("Admin {} created; sign in at /sign-in.", admin.email);
            Ok(())
        }
        Command::CaptureForm {
            command:
                CaptureFormCommand::Create {
                    name,
                    origins,
                    source,
                },
        } => {
            let input = FormInput {
                name,
                source,
                origins: origins.join("\n"),
                accepted: ["first_name", "email", "phone", "company", "message"]
                    .map(String::from)
                    .to_vec(),
                required: vec!["email".into()],
                active: true,
                ..FormInput::default()
            };
            let valid = input.validate().map_err(|errors| {
                let t = leady::i18n::Locale::En.texts();
                errors
                    .iter()
                    .map(|e| format!("{:?}: {}", e.field, t.field_problem(e.problem)))
                    .collect::<Vec<_>>()
                    .join("; ")
            })?;
            let db = db::open(&settings).await?;
            let form = leady::capture::repo::save_form(&db, valid, chrono::Utc::now())
                .await
                .map_err(|e| format!("cannot create the form: {e}"))?;
            println!("{}", form.key);
            Ok(())
        }
        Command::ImportEml { files } => {
            let db = db::open(&settings).await?;
            let mut failed = false;
            for file in &files {
                let line = match std::fs::read(file) {
                    Ok(raw) => {
                        match leady::email::intake::take_in_raw(&db, &raw, None, chrono::Utc::now())
                            .await
                        {
                            Ok(outcome) => outcome.line(),
                            Err(e) => {
                                failed = true;
                                format!("error: {e}")
                            }
                        }
                    }
                    Err(e) => {
                        failed = true;
                        format!("error: {e}")
                    }
                };
                println!("{}: {line}", file.display());
            }
            if failed {
                Err("some files were not taken in".into())
            } else {
                Ok(())
            }
        }
    }
}
