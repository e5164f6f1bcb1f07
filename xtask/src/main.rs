//! `cargo xtask`: the project's commands (see `cargo xtask --help`).

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use xtask::{ci, codegen, freshness, project_root};

/// The project's commands.
#[derive(Parser)]
#[command(name = "cargo xtask", about = "Commands of the seam-events workspace")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read schema/sources/ and schema/overrides.toml; write schema/events.json,
    /// schema/events.schema.json and everything under generated/.
    ///
    /// Nothing is written unless every input is read without error; each file is then
    /// replaced atomically.
    Codegen {
        /// Write nothing: fail, naming every stale file, if a generated file is out of date.
        #[arg(long)]
        check: bool,
        /// Treat warnings (such as an example that disagrees with its property list) as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run every check CI runs, in order, stopping at the first failure: cargo fmt --check,
    /// cargo clippy -D warnings, cargo test, cargo xtask codegen --check.
    Ci,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = project_root();
    let result = match cli.command {
        Command::Codegen {
            check: true,
            deny_warnings,
        } => codegen::generate(&root)
            .and_then(|g| report_warnings(&g, deny_warnings))
            .and_then(|()| freshness::check(&root)),
        Command::Codegen {
            check: false,
            deny_warnings,
        } => run_codegen(&root, deny_warnings),
        Command::Ci => ci::run(&root),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn report_warnings(generated: &codegen::Generated, deny: bool) -> Result<(), String> {
    for w in &generated.warnings {
        eprintln!("warning: {w}");
    }
    if deny && !generated.warnings.is_empty() {
        return Err(format!(
            "error: {} warning(s) and --deny-warnings: nothing was written",
            generated.warnings.len()
        ));
    }
    Ok(())
}

fn run_codegen(root: &std::path::Path, deny_warnings: bool) -> Result<(), String> {
    let generated = codegen::generate(root)?;
    report_warnings(&generated, deny_warnings)?;
    let plan = codegen::plan(root, &generated.files)?;
    codegen::apply(root, &plan)?;
    eprintln!(
        "codegen: {} events, {} files ({} written, {} removed)",
        generated.schema.events.len(),
        generated.files.len(),
        plan.write.len(),
        plan.remove.len()
    );
    Ok(())
}
