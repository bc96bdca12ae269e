//! The `ictrank` command line: parses arguments and calls the library; no work lives here.

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand, ValueEnum};
use ictrank::crawl::{CrawlConfig, CrawlTarget};
use ictrank::declared::{self, DeclaredSet};
use ictrank::pipeline::audit_runs::{AuditSetup, audit_stored_run, audit_url};
use ictrank::pipeline::run::RunOptions;
use ictrank::rank::{self, verify::verify};
use ictrank::registry::Evaluation;
use ictrank::report;
use ictrank::store::Store;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "ictrank",
    version,
    about = "Đánh giá xếp hạng mức độ ứng dụng CNTT — audits agency websites and ranks units"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum RankFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Subcommand)]
enum Command {
    /// Rank an evaluation: every table of the decision, or one with --table.
    Rank {
        /// The evaluation folder (holding evaluation.toml).
        evaluation: PathBuf,
        /// A table id: 1, 1.1 … 1.6, 1.3b, 2, 2.1 … 2.6.
        #[arg(long)]
        table: Option<String>,
        #[arg(long, value_enum, default_value = "table")]
        format: RankFormat,
        /// Rank the year: website points are the year's monthly runs combined by the rubric's
        /// `website_annual` (default median).
        #[arg(long)]
        year: Option<i32>,
        /// Write to this file instead of standard output (required for xlsx).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Database: a file path (SQLite) or a postgres:// URL [default: $ICTRANK_DB or ictrank.db].
        #[arg(long)]
        db: Option<String>,
    },
    /// Recompute every table and compare with the published ones; exit 1 on any disagreement.
    Verify {
        evaluation: PathBuf,
        #[arg(long)]
        db: Option<String>,
    },
    /// Override a criterion's points for a unit, with a reason (kept in the audit trail).
    Override {
        evaluation: PathBuf,
        /// Unit id or name.
        unit: String,
        /// Criterion id (e.g. tin_tuc).
        criterion: String,
        points: f64,
        /// Why (required: it is what the next evaluator reads).
        #[arg(long)]
        reason: String,
        /// Who decides [default: $USER].
        #[arg(long, env = "USER", default_value = "evaluator")]
        by: String,
        #[arg(long)]
        db: Option<String>,
    },
    /// List every override of an evaluation (the audit trail), oldest first.
    Overrides {
        evaluation: PathBuf,
        #[arg(long)]
        db: Option<String>,
    },
    /// Crawl sites politely and store what they served (thu thập trang web): the websites of an
    /// evaluation's units, or the URLs given.
    Crawl(CrawlArgs),
    /// Audit a stored crawl run (no network) and store the results.
    Audit {
        run: i64,
        #[command(flatten)]
        audit: AuditOptions,
        #[arg(long)]
        db: Option<String>,
    },
    /// Print each website criterion of a unit (or site) in an audited run: points, outcome, evidence.
    Explain {
        run: i64,
        /// Unit id or name, or the site's start URL.
        unit: String,
        /// The evaluation folder, for unit names and criterion names.
        #[arg(long)]
        evaluation: Option<PathBuf>,
        #[arg(long)]
        db: Option<String>,
    },
    /// Crawl one site, audit it and print the result.
    AuditSite {
        url: String,
        #[command(flatten)]
        audit: AuditOptions,
        #[command(flatten)]
        crawl: CrawlOptions,
        #[arg(long, value_enum, default_value = "table")]
        format: AuditFormat,
        /// Keep the crawl in this database (default: a temporary one).
        #[arg(long)]
        db: Option<String>,
    },
    /// The whole job for an evaluation: crawl every unit's site, audit, merge with declared data and
    /// overrides, rank, and write the reports into the run's folder. Exit 0 when nothing awaits
    /// review, 3 when something does.
    Run {
        evaluation: PathBuf,
        /// Reports go to OUT/<evaluation>/run-<id>/.
        #[arg(long, default_value = "runs")]
        out: PathBuf,
        /// The evaluation date (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
        /// A folder of selector profiles [default: the bundled selectors/].
        #[arg(long)]
        selectors: Option<PathBuf>,
        #[command(flatten)]
        crawl: CrawlOptions,
        /// Continue a killed run: what it stored is kept, the rest is fetched, then audit and reports.
        #[arg(long, value_name = "RUN")]
        resume: Option<i64>,
        #[arg(long)]
        db: Option<String>,
    },
    /// Rebuild a run's reports from the store (after overrides, say).
    Report {
        run: i64,
        /// Where to write [default: the run's own folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// The evaluation folder [default: the one the run was made from].
        #[arg(long)]
        evaluation: Option<PathBuf>,
        #[arg(long)]
        db: Option<String>,
    },
    /// Run the whole job on the bundled demo: fictional units whose fixture sites this command serves
    /// on loopback (no internet), then print where the reports are.
    Demo {
        /// Where the demo's evaluation, database and reports go.
        #[arg(long, default_value = "ictrank-demo")]
        out: PathBuf,
        /// The evaluation date (YYYY-MM-DD) [default: today].
        #[arg(long, value_parser = parse_date)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// The evaluators' web app: review flagged units, override scores with a reason, read the audit
    /// trail (Vietnamese pages).
    Serve {
        evaluation: PathBuf,
        /// The address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        #[arg(long)]
        db: Option<String>,
    },
    /// Import declared data (CSV or XLSX) into an evaluation; a file with any error imports nothing.
    Import {
        evaluation: PathBuf,
        file: PathBuf,
        #[arg(long)]
        db: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum AuditFormat {
    Table,
    Json,
}

/// What an audit is judged against.
#[derive(Args, Clone)]
struct AuditOptions {
    /// The evaluation date (YYYY-MM-DD) [default: the crawl date].
    #[arg(long, value_parser = parse_date)]
    as_of: Option<chrono::NaiveDate>,
    /// The unit kind of the site(s) (department, district, commune…).
    #[arg(long, default_value = "department")]
    kind: String,
    /// A rubric file [default: the bundled Bình Định rubric].
    #[arg(long)]
    rubric: Option<PathBuf>,
    /// An evaluation folder: its rubric and its units' kinds.
    #[arg(long)]
    evaluation: Option<PathBuf>,
    /// A folder of selector profiles [default: the bundled selectors/].
    #[arg(long)]
    selectors: Option<PathBuf>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("expected YYYY-MM-DD, found \"{s}\""))
}

struct AuditContext {
    rubric: ictrank::rubric::Rubric,
    evaluation: Option<Evaluation>,
    profiles: ictrank::audit::Profiles,
}

impl AuditOptions {
    fn context(&self) -> Result<AuditContext> {
        let evaluation = self.evaluation.as_deref().map(Evaluation::load).transpose()?;
        let rubric = match (&self.rubric, &evaluation) {
            (Some(p), _) => ictrank::rubric::Rubric::load(p)?,
            (None, Some(e)) => e.rubric.clone(),
            (None, None) => ictrank::rubric::Rubric::builtin(),
        };
        if rubric.kind(&self.kind).is_none() {
            let kinds: Vec<_> = rubric.kinds.iter().map(|k| k.id.as_str()).collect();
            anyhow::bail!(
                "--kind {}: not a kind of rubric {} ({})",
                self.kind,
                rubric.path.display(),
                kinds.join(", ")
            );
        }
        let profiles = match &self.selectors {
            Some(dir) => ictrank::audit::Profiles::load(dir)?,
            None => ictrank::audit::Profiles::builtin(),
        };
        Ok(AuditContext {
            rubric,
            evaluation,
            profiles,
        })
    }
}

impl AuditContext {
    fn setup<'a>(&'a self, o: &'a AuditOptions) -> AuditSetup<'a> {
        AuditSetup {
            rubric: &self.rubric,
            evaluation: self.evaluation.as_ref(),
            default_kind: &o.kind,
            as_of: o.as_of,
            profiles: &self.profiles,
        }
    }
}

#[derive(Args)]
struct CrawlArgs {
    /// An evaluation folder (its units' websites) or start URLs of the sites to crawl.
    #[arg(required_unless_present = "resume")]
    targets: Vec<String>,
    #[command(flatten)]
    options: CrawlOptions,
    /// Database: a SQLite file path or a postgres:// URL (default: $ICTRANK_DB or ictrank.db).
    #[arg(long)]
    db: Option<String>,
    /// Continue the given run instead of starting a new one.
    #[arg(long, value_name = "RUN", conflicts_with = "targets")]
    resume: Option<i64>,
}

/// The crawler's politeness and budget options, shared by every command that crawls.
#[derive(Args, Clone, Default)]
struct CrawlOptions {
    /// Resolve HOST to ADDR:PORT instead of DNS (repeatable); such hosts may be private addresses.
    #[arg(long = "resolve", value_name = "HOST=ADDR:PORT")]
    resolve: Vec<String>,
    /// Pages per site at most.
    #[arg(long)]
    max_pages: Option<usize>,
    /// Requests per second per host (0 turns the limit off).
    #[arg(long)]
    per_host_rate: Option<f64>,
    /// Requests in flight per host.
    #[arg(long)]
    per_host_concurrency: Option<usize>,
    /// Requests on the wire over the whole run (waiting for a host's turn holds none).
    #[arg(long)]
    global_concurrency: Option<usize>,
    /// Allow links and redirects to loopback, private and link-local addresses.
    #[arg(long)]
    allow_private_addresses: bool,
    /// Thời gian tối đa dành cho một trang web (kể cả chờ Retry-After và trả lời chậm), ví dụ 600, 90s, 10m [mặc định: 10m].
    #[arg(long, value_name = "DURATION", value_parser = ictrank::crawl::config::parse_duration)]
    site_time_budget: Option<std::time::Duration>,
    /// Contact address put in the user agent.
    #[arg(long, env = "ICTRANK_CONTACT")]
    contact: Option<String>,
}

impl CrawlOptions {
    fn config(&self) -> Result<CrawlConfig> {
        let mut cfg = CrawlConfig::default();
        for r in &self.resolve {
            let (host, addr) = CrawlConfig::parse_resolve(r)?;
            cfg.resolve.insert(host, addr);
        }
        if let Some(n) = self.max_pages {
            cfg.max_pages = n;
        }
        if let Some(r) = self.per_host_rate {
            cfg.per_host_rate = (r > 0.0).then_some(r);
        }
        if let Some(n) = self.per_host_concurrency {
            cfg.per_host_concurrency = n;
        }
        if let Some(n) = self.global_concurrency {
            cfg.global_concurrency = n;
        }
        if let Some(c) = &self.contact {
            cfg.user_agent = format!("ictrank/{} (+mailto:{c})", env!("CARGO_PKG_VERSION"));
        }
        cfg.allow_private_addresses = self.allow_private_addresses;
        if let Some(b) = self.site_time_budget {
            cfg.site_time_budget = b;
        }
        Ok(cfg)
    }
}

/// Crawl targets from the command line: an evaluation folder stands for its units' websites.
fn crawl_targets(args: &[String]) -> Result<Vec<CrawlTarget>> {
    let mut out = Vec::new();
    for a in args {
        let path = Path::new(a);
        if path.join("evaluation.toml").is_file() {
            let eval = Evaluation::load(path)?;
            out.extend(ictrank::pipeline::crawl_targets(&eval));
        } else {
            out.push(CrawlTarget {
                unit_id: None,
                url: a.clone(),
            });
        }
    }
    Ok(out)
}

fn main() -> ExitCode {
    ictrank::crawl::init_logging();
    let cli = Cli::parse();
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

async fn open_store(db: Option<&str>) -> Result<Store> {
    Store::open(&Store::spec_from(db)).await
}

async fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Rank {
            evaluation,
            table,
            format,
            year,
            out,
            db,
        } => {
            let (eval, ranking) = match year {
                Some(y) => {
                    let eval = Evaluation::load(&evaluation)?;
                    let store = open_store(db.as_deref()).await?;
                    let points = ictrank::pipeline::run::annual_points(&store, &eval, y).await?;
                    let ranking = rank::rank(&eval, &points);
                    (eval, ranking)
                }
                None => ranking_of(&evaluation, db.as_deref()).await?,
            };
            let tables: Vec<&rank::Table> = match &table {
                Some(id) => vec![ranking.table(&rank::canonical_table_id(&eval, id)).with_context(|| {
                    let ids: Vec<_> = ranking.tables.iter().map(|t| t.id.as_str()).collect();
                    format!("no table \"{id}\" (tables: {})", ids.join(", "))
                })?],
                None => ranking.tables.iter().collect(),
            };
            let rows = || tables.iter().flat_map(|t| &t.rows);
            let text = match format {
                RankFormat::Json => serde_json::to_string_pretty(&report::json::rows_json(rows()))? + "\n",
                RankFormat::Csv => {
                    let mut buf = Vec::new();
                    report::csv::rows_csv(&ranking, rows(), &mut buf)?;
                    String::from_utf8(buf)?
                }
                RankFormat::Table => tables
                    .iter()
                    .map(|t| report::terminal::table_text(&ranking, t))
                    .collect::<Vec<_>>()
                    .join("\n"),
                RankFormat::Xlsx => {
                    let path = out.as_deref().context("--format xlsx needs --out FILE.xlsx")?;
                    let mut only = ranking.clone();
                    only.tables.retain(|t| tables.iter().any(|s| s.id == t.id));
                    report::xlsx::write_xlsx(&only, path)?;
                    eprintln!("wrote {}", path.display());
                    return Ok(ExitCode::SUCCESS);
                }
            };
            emit(&text, out.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify { evaluation, db } => {
            let (eval, ranking) = ranking_of(&evaluation, db.as_deref()).await?;
            let found = verify(&eval, &ranking)?;
            for d in &found {
                println!("{d}");
            }
            for c in &eval.corrections {
                eprintln!(
                    "note: Bảng {} row {} (printed \"{}\") is read as unit {}: {}",
                    c.table, c.row, c.printed, c.unit, c.note
                );
            }
            eprintln!("{} disagreement(s) with the published tables", found.len());
            Ok(if found.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Override {
            evaluation,
            unit,
            criterion,
            points,
            reason,
            by,
            db,
        } => {
            let eval = Evaluation::load(&evaluation)?;
            let o = ictrank::pipeline::overrides::validate(&eval, &unit, &criterion, points, &reason)?;
            let store = open_store(db.as_deref()).await?;
            let id = ictrank::store::declared::add_override(
                &store,
                &eval.id,
                &o.unit_id,
                &o.criterion_id,
                points,
                &reason,
                &by,
            )
            .await?;
            println!(
                "override #{id}: {} / {} = {points} (of {}) by {by}",
                o.unit_id, o.criterion_id, o.max
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { evaluation, addr, db } => {
            ictrank::web::serve(&evaluation, &addr, &Store::spec_from(db.as_deref())).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Overrides { evaluation, db } => {
            let eval = Evaluation::load(&evaluation)?;
            let store = open_store(db.as_deref()).await?;
            for o in ictrank::store::declared::load_overrides(&store, &eval.id).await? {
                println!(
                    "#{} {} {} {} {} = {} | {}",
                    o.id, o.created_at, o.evaluator, o.unit_id, o.criterion_id, o.points, o.reason
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Crawl(args) => {
            let cfg = args.options.config()?;
            let store = open_store(args.db.as_deref()).await?;
            let summary = match args.resume {
                Some(run) => ictrank::crawl::resume(&store, run, &cfg).await?,
                None => ictrank::crawl::crawl(&store, crawl_targets(&args.targets)?, &cfg).await?,
            };
            print!("{summary}");
            Ok(if summary.sites_unfinished == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Audit { run, audit, db } => {
            let ctx = audit.context()?;
            let store = open_store(db.as_deref()).await?;
            let audits = audit_stored_run(&store, run, &ctx.setup(&audit)).await?;
            for (unit, a) in &audits {
                let pending = a.criteria.iter().filter(|c| c.needs_review).count();
                println!(
                    "{:<40} {:<28} {:>5} / {}  {}  {} to review",
                    a.site,
                    unit.as_deref().unwrap_or("-"),
                    a.points,
                    a.max_points,
                    a.outcome,
                    pending
                );
            }
            println!(
                "audited {} site(s) of run {run}; `ictrank explain {run} <unit or URL>` shows the evidence",
                audits.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain {
            run,
            unit,
            evaluation,
            db,
        } => {
            let eval = evaluation.as_deref().map(Evaluation::load).transpose()?;
            let store = open_store(db.as_deref()).await?;
            let audits = ictrank::store::audit::load_audits(&store, run).await?;
            let wanted = eval
                .as_ref()
                .and_then(|e| e.find_unit(&unit))
                .map(|u| u.id.clone())
                .unwrap_or(unit.clone());
            let (_, audit) = audits
                .iter()
                .find(|(u, a)| {
                    u.as_deref() == Some(wanted.as_str())
                        || a.site == unit
                        || a.site.trim_end_matches('/') == unit.trim_end_matches('/')
                })
                .with_context(|| format!("run {run} has no audit of \"{unit}\" (run `ictrank audit {run}` first)"))?;
            let rubric = eval
                .as_ref()
                .map(|e| e.rubric.clone())
                .unwrap_or_else(ictrank::rubric::Rubric::builtin);
            print!("{}", ictrank::audit::explain(audit, Some(&rubric)));
            Ok(ExitCode::SUCCESS)
        }
        Command::AuditSite {
            url,
            audit,
            crawl,
            format,
            db,
        } => {
            let ctx = audit.context()?;
            let tmp = tempfile::tempdir()?;
            let spec = db.unwrap_or_else(|| tmp.path().join("audit-site.db").to_string_lossy().into_owned());
            let store = Store::open(&spec).await?;
            let result = audit_url(&store, &url, &crawl.config()?, &ctx.setup(&audit)).await?;
            match format {
                AuditFormat::Json => println!("{}", serde_json::to_string_pretty(&result)?),
                AuditFormat::Table => print!("{}", ictrank::audit::explain(&result, Some(&ctx.rubric))),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Run {
            evaluation,
            out,
            as_of,
            selectors,
            crawl,
            resume,
            db,
        } => {
            let eval = Evaluation::load(&evaluation)?;
            let store = open_store(db.as_deref()).await?;
            let opts = RunOptions {
                out_dir: out,
                crawl: crawl.config()?,
                as_of,
                profiles: load_profiles(selectors.as_deref())?,
                resume,
            };
            let outcome = ictrank::pipeline::run::run_evaluation(&store, &eval, &opts).await?;
            Ok(print_run_outcome(&outcome.results, &outcome.dir, &outcome.files))
        }
        Command::Report {
            run,
            out,
            evaluation,
            db,
        } => {
            let store = open_store(db.as_deref()).await?;
            let info = ictrank::store::pipeline::run_info(&store, run)
                .await?
                .with_context(|| format!("run {run} is not a run of `ictrank run` in this database"))?;
            let eval = Evaluation::load(evaluation.as_deref().unwrap_or(Path::new(&info.evaluation_dir)))?;
            let results = ictrank::pipeline::run::results_for_run(&store, &eval, run).await?;
            let dir = out
                .or(info.report_dir.map(PathBuf::from))
                .context("the run has no report folder yet; give --out")?;
            let files = ictrank::pipeline::reports::write_run_reports(&store, &eval, &results, &dir).await?;
            Ok(print_run_outcome(&results, &dir, &files))
        }
        Command::Demo { out, as_of } => {
            let as_of = as_of.unwrap_or_else(|| chrono::Local::now().date_naive());
            let outcome = ictrank::demo::run(&out, as_of).await?;
            print_run_outcome(&outcome.results, &outcome.dir, &outcome.files);
            println!("open {} in a browser", outcome.dir.join("ranking.html").display());
            // Units awaiting review are part of the demo (an unreachable site, a challenge page).
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { evaluation, file, db } => {
            let eval = Evaluation::load(&evaluation)?;
            let store = open_store(db.as_deref()).await?;
            let s = declared::import_file(&store, &eval, &file).await?;
            println!(
                "imported {} values for {} units from {} (import #{})",
                s.values,
                s.units,
                file.display(),
                s.import_id
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn load_profiles(dir: Option<&Path>) -> Result<ictrank::audit::Profiles> {
    match dir {
        Some(d) => ictrank::audit::Profiles::load(d),
        None => Ok(ictrank::audit::Profiles::builtin()),
    }
}

/// Prints where the reports are; the last line says whether anything awaits review (exit 3 if so).
fn print_run_outcome(results: &ictrank::pipeline::run::RunResults, dir: &Path, files: &[PathBuf]) -> ExitCode {
    println!(
        "run {} (as of {}): reports in {}",
        results.run_id,
        results.as_of,
        dir.display()
    );
    for f in files {
        println!("  {}", f.display());
    }
    if results.review.is_empty() {
        println!("review: nothing awaits review");
        ExitCode::SUCCESS
    } else {
        for r in &results.review {
            println!("  review {}: {}", r.unit_id, r.reason);
        }
        println!(
            "review: {} item(s) await review, see {}",
            results.review.len(),
            dir.join("review.txt").display()
        );
        ExitCode::from(3)
    }
}

async fn ranking_of(dir: &Path, db: Option<&str>) -> Result<(Evaluation, rank::Ranking)> {
    let eval = Evaluation::load(dir)?;
    let declared = match db.map(str::to_string).or_else(|| std::env::var("ICTRANK_DB").ok()) {
        // Imports live in the database; without one named, only the evaluation's own files count
        // unless the default database exists.
        Some(spec) => declared::load_all(&eval, &Store::open(&spec).await?).await?,
        None if Path::new(ictrank::store::DEFAULT_DB).exists() => {
            declared::load_all(&eval, &Store::open(ictrank::store::DEFAULT_DB).await?).await?
        }
        None => DeclaredSet::from_evaluation_files(&eval)?,
    };
    let ranking = rank::rank(&eval, &rank::points_from_declared(&eval, &declared));
    Ok((eval, ranking))
}

fn emit(text: &str, out: Option<&Path>) -> Result<()> {
    match out {
        Some(p) => std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}
