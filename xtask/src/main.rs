//! `cargo xtask`: the project's commands (see `cargo xtask --help`).

#![forbid(unsafe_code)]

/// The generator allocates a great deal (values, strings, files): mimalloc does it faster than
/// glibc's allocator, on every thread. It is built without transparent huge pages (the `no_thp`
/// feature): the kernel zeroing each 2 MiB page on its first touch made the generator's time vary
/// widely on virtual machines. The figures are in crates/bench/README.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{bench, ci, codegen, contract, diff, docs, freshness, payloads, project_root, release};

/// The project's commands.
#[derive(Parser)]
#[command(name = "cargo xtask", about = "Commands of the seam-events workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The documentation pages (schema/sources/), from the docs repository.
    Docs {
        #[command(subcommand)]
        action: DocsAction,
    },
    /// Seam's API contract (schema/contract.json), from the npm package @seamapi/types.
    Contract {
        #[command(subcommand)]
        action: ContractAction,
    },
    /// Read schema/sources/, schema/payloads/, schema/overrides.toml and schema/names.json;
    /// write schema/events.json, schema/events.schema.json, schema/names.json and everything
    /// under generated/.
    ///
    /// Nothing is written unless every input is read without error; each file is then
    /// replaced atomically. Warnings (file:line: what to review) go to standard error.
    Codegen {
        /// Write nothing: fail, naming every stale file with a short diff, if a generated
        /// file is out of date.
        #[arg(long)]
        check: bool,
        /// Fail on warnings (such as an example that disagrees with its property list).
        #[arg(long)]
        deny_warnings: bool,
    },
    /// List what changed in the schema against a git revision (or a saved events.json), with
    /// each consumer's verdict: the Rust crate (cargo semver), JSON Schema validators,
    /// TypeScript readers and the wire.
    Diff {
        /// The git revision whose schema/events.json to compare with.
        #[arg(long, default_value = "HEAD", conflicts_with = "base_file")]
        base: String,
        /// A saved events.json to compare with instead (no git needed).
        #[arg(long)]
        base_file: Option<std::path::PathBuf>,
        /// The output.
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff::Format,
        /// Exit non-zero when some consumer's verdict is this level or above.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Bump each product's version in schema/publish.toml as the diff against a revision says,
    /// add its entry to schema/changelog/, and run codegen.
    Release {
        /// The git revision of the last release's schema.
        #[arg(long, default_value = "HEAD", conflicts_with = "base_file")]
        base: String,
        /// A saved events.json to compare with instead.
        #[arg(long)]
        base_file: Option<std::path::PathBuf>,
        /// The date of the entries (default: today, UTC).
        #[arg(long)]
        date: Option<String>,
    },
    /// Observed payloads (schema/payloads/).
    Payloads {
        #[command(subcommand)]
        action: PayloadsAction,
    },
    /// Run every check CI runs, in order, stopping at the first failure (the steps are listed
    /// below; `.ci/run` runs exactly this). Everything goes to standard error, in order.
    Ci,
    /// Run the benchmarks (criterion, release builds), print the ratios the performance targets
    /// are set on, and write every figure to target/bench/summary.json. Takes several minutes.
    Bench {
        /// Run only this part (and check only its targets).
        #[arg(long, value_enum)]
        only: Option<bench::Part>,
    },
}

/// The verdict that fails `cargo xtask diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// Fail when some consumer's verdict is minor or major.
    Minor,
    /// Fail when some consumer's verdict is major.
    Major,
}

fn base(rev: String, file: Option<std::path::PathBuf>) -> diff::Base {
    match file {
        Some(path) => diff::Base::File(path),
        None => diff::Base::Rev(rev),
    }
}

#[derive(Subcommand)]
enum DocsAction {
    /// Take every event page of the docs repository (mintlify-docs/api/<resource path>/events.mdx)
    /// at a commit into schema/sources/, named after its path (`acs/systems` is
    /// acs_systems.mdx), byte for byte; remove the pages the commit no longer has; record the
    /// repository and the commit in schema/upstream.toml. Reports each page added, changed or
    /// removed. A bad source changes nothing.
    Sync {
        /// A checkout of the docs repository (its commits are read, not its working tree), or
        /// its git URL.
        #[arg(long)]
        from: String,
        /// The branch, tag or commit to take (default: the repository's HEAD). With a URL, a
        /// commit is given by its full ID.
        #[arg(long)]
        rev: Option<String>,
    },
}

#[derive(Subcommand)]
enum ContractAction {
    /// Take the event schemas of Seam's OpenAPI description (components.schemas.event, one per
    /// event type, `$ref`s resolved) into schema/contract.json, and record the package and its
    /// version in schema/upstream.toml. Codegen then takes from it what the docs leave unstated
    /// (presence, nullability, enumeration values, formats, item types, nested shapes). A bad
    /// source changes nothing.
    Sync {
        /// A version of @seamapi/types (`1.977.0`, or a tag such as `latest`; fetched with npm),
        /// `@seamapi/types@<version>`, a tarball of the package (.tgz), or an OpenAPI document
        /// (.json).
        #[arg(long)]
        from: String,
    },
}

#[derive(Subcommand)]
enum PayloadsAction {
    /// Add captured webhook bodies (one JSON object per file, kept outside the repository) to
    /// schema/payloads/<event_type>/, every value that could be secret (PINs, names, e-mail
    /// addresses, IDs, dates, numbers) replaced by a placeholder. Keys, nulls, booleans,
    /// enumeration values and the nesting stay: what the schema learns from.
    Add {
        /// The captured bodies.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    // `cargo xtask ci --help` lists every step, from the list `ci` runs.
    let command = Cli::command().mut_subcommand("ci", |c| c.after_long_help(ci::steps_help()));
    let cli = match Cli::from_arg_matches(&command.get_matches()) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    let root = project_root();
    let result = match cli.command {
        Command::Codegen {
            check: true,
            deny_warnings,
        } => check(&root, deny_warnings),
        Command::Codegen {
            check: false,
            deny_warnings,
        } => codegen::run(&root, deny_warnings).map(|report| {
            print_learned(&report.learned, report.payloads);
            print_contract(&report.contract);
            print_warnings(&report.warnings);
            let facts: Vec<String> = report
                .facts
                .iter()
                .map(|(source, n)| format!("{} {n}", source.as_str()))
                .collect();
            eprintln!(
                "facts (presence and nullability), by what decided them: {}",
                facts.join(", ")
            );
            eprintln!(
                "codegen: {} events, {} payloads checked, {} files ({} written, {} removed)",
                report.events,
                report.payloads,
                report.files,
                report.plan.write.len(),
                report.plan.remove.len()
            );
            // What changed against the last commit, and the bump each product needs.
            match diff::report_against(&root, &diff::Base::Rev("HEAD".into()), &report.current) {
                Ok(d) => {
                    let planned = release::planned_levels(&root, &d);
                    let base = diff::versions_at(&root, "HEAD").ok().flatten();
                    match planned {
                        Ok(levels) => eprintln!(
                            "{}",
                            diff::summary(&d, &report.versions, levels, base.as_ref())
                        ),
                        Err(e) => eprintln!("diff: not available ({e})"),
                    }
                }
                Err(e) => eprintln!("diff: not available ({e})"),
            }
        }),
        Command::Diff {
            base: rev,
            base_file,
            format,
            fail_on,
        } => diff::report(&root, &base(rev, base_file)).and_then(|report| {
            print!("{}", diff::render(&report, format));
            match fail_on {
                Some(FailOn::Major) => diff::fail_on(&report, seam_codegen::diff::Level::Major),
                Some(FailOn::Minor) => diff::fail_on(&report, seam_codegen::diff::Level::Minor),
                None => Ok(()),
            }
        }),
        Command::Release {
            base: rev,
            base_file,
            date,
        } => release::run(&root, &base(rev, base_file), &date.unwrap_or_else(release::today))
            .map(|r| {
                let runtime = if r.from.runtime == r.to.runtime {
                    String::new()
                } else {
                    format!(", seam-events-runtime {} -> {}", r.from.runtime, r.to.runtime)
                };
                eprintln!(
                    "release: seam-events {} -> {}, npm package {} -> {}, JSON Schema {} -> {}{runtime}; changelogs in schema/changelog/; review and commit, then tag the commit v{} to publish",
                    r.from.rust, r.to.rust, r.from.typescript, r.to.typescript, r.from.json_schema, r.to.json_schema, r.to.rust
                );
            }),
        Command::Payloads {
            action: PayloadsAction::Add { files },
        } => payloads::add(&root, &files).map(|added| {
            for a in added {
                match a {
                    payloads::Added::Written(rel) => eprintln!("wrote {}", rel.display()),
                    payloads::Added::Present(rel) => eprintln!("already there: {}", rel.display()),
                }
            }
            eprintln!("payloads: review the files, then run `cargo xtask codegen`");
        }),
        Command::Docs {
            action: DocsAction::Sync { from, rev },
        } => docs::sync(&root, &from, rev.as_deref()).map(|synced| eprint!("{}", synced.report())),
        Command::Contract {
            action: ContractAction::Sync { from },
        } => contract::sync(&root, &from).map(|synced| eprint!("{}", synced.report())),
        Command::Ci => ci::run(&root),
        Command::Bench { only } => bench::run(&root, only),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn check(root: &std::path::Path, deny_warnings: bool) -> Result<(), String> {
    let generated = codegen::generate(root)?;
    codegen::deny(&generated.warnings, deny_warnings)?;
    print_warnings(&generated.warnings);
    freshness::check_files(root, &generated.files)?;
    eprintln!(
        "codegen --check: {} files up to date",
        generated.files.len()
    );
    Ok(())
}

/// What the observed payloads showed beyond the docs: one line per fact, naming the first
/// payload that shows it. The facts are in `schema/events.json` too, with every payload.
fn print_learned(learned: &[seam_schema::Diagnostic], payloads: usize) {
    if learned.is_empty() {
        return;
    }
    eprintln!(
        "payloads: {payloads} observed payloads show {} facts the docs do not state:",
        learned.len()
    );
    for note in learned {
        eprintln!("  note: {note}");
    }
}

/// Where the docs and the contract disagree: one line per disagreement, then the count of each
/// kind.
fn print_contract(notes: &[seam_schema::contract::Note]) {
    if notes.is_empty() {
        return;
    }
    eprintln!(
        "contract: {} disagreements between the docs and the contract:",
        notes.len()
    );
    for note in notes {
        eprintln!("  note: {}", note.diagnostic);
    }
    let counts: Vec<String> = seam_schema::contract::counts(notes)
        .into_iter()
        .map(|(k, n)| format!("{} {n}", k.label()))
        .collect();
    eprintln!("contract: by kind: {}", counts.join(", "));
}

fn print_warnings(warnings: &[seam_schema::Diagnostic]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
