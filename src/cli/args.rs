//! The command line's arguments (clap derive): [`Cli`], one [`Command`] per subcommand with its
//! own argument struct, and the option groups several commands share ([`AuditOptions`],
//! [`CrawlOptions`]).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "ictrank",
    version,
    about = "Đánh giá xếp hạng mức độ ứng dụng CNTT — audits agency websites and ranks units"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Rank an evaluation: every table of the decision, or one with --table.
    Rank(RankArgs),
    /// Recompute every table and compare with the published ones; exit 1 on any disagreement.
    Verify(VerifyArgs),
    /// Override a criterion's points for a unit, with a reason (kept in the audit trail).
    Override(OverrideArgs),
    /// List every override of an evaluation (the audit trail), oldest first.
    Overrides(OverridesArgs),
    /// Crawl sites politely and store what they served (thu thập trang web): the websites of an
    /// evaluation's units, or the URLs given.
    Crawl(CrawlArgs),
    /// Audit a stored crawl run (no network) and store the results.
    Audit(AuditArgs),
    /// Print each website criterion of a unit (or site) in an audited run: points, outcome, evidence.
    Explain(ExplainArgs),
    /// Crawl one site, audit it and print the result.
    AuditSite(AuditSiteArgs),
    /// The whole job for an evaluation: crawl every unit's site, audit, merge with declared data and
    /// overrides, rank, and write the reports into the run's folder. Exit 0 when nothing awaits
    /// review, 3 when something does.
    Run(RunArgs),
    /// Rebuild a run's reports from the store (after overrides, say).
    Report(ReportArgs),
    /// Run the whole job on the bundled demo: fictional units whose fixture sites this command serves
    /// on loopback (no internet), then print where the reports are.
    Demo(DemoArgs),
    /// The evaluators' web app: review flagged units, override scores with a reason, read the audit
    /// trail (Vietnamese pages).
    Serve(ServeArgs),
    /// Import declared data (CSV or XLSX) into an evaluation; a file with any error imports nothing.
    Import(ImportArgs),
    /// Quản lý tài khoản của ứng dụng web: thêm, liệt kê, khoá.
    User(UserArgs),
}

// The argument structs below carry no doc comment of their own: the variant's doc comment above is
// the subcommand's help.

#[derive(Clone, Copy, ValueEnum)]
pub enum RankFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Args)]
pub struct RankArgs {
    /// The evaluation folder (holding evaluation.toml).
    pub evaluation: PathBuf,
    /// A table id: 1, 1.1 … 1.6, 1.3b, 2, 2.1 … 2.6.
    #[arg(long)]
    pub table: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    pub format: RankFormat,
    /// Rank the year: website points are the year's monthly runs combined by the rubric's
    /// `website_annual` (default median).
    #[arg(long)]
    pub year: Option<i32>,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Database: a file path (SQLite) or a postgres:// URL [default: $ICTRANK_DB or ictrank.db].
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct VerifyArgs {
    pub evaluation: PathBuf,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct OverrideArgs {
    pub evaluation: PathBuf,
    /// Unit id or name.
    pub unit: String,
    /// Criterion id (e.g. tin_tuc).
    pub criterion: String,
    pub points: f64,
    /// Why (required: it is what the next evaluator reads).
    #[arg(long)]
    pub reason: String,
    /// Who decides [default: $USER].
    #[arg(long, env = "USER", default_value = "evaluator")]
    pub by: String,
    /// Lần chạy đã xem khi quyết định (mặc định: lần chạy xong gần nhất); điều chỉnh giữ bằng chứng của lần chạy này.
    #[arg(long)]
    pub run: Option<i64>,
    /// Chỉ áp dụng cho lần chạy này, không cho các lần sau.
    #[arg(long)]
    pub only_this_run: bool,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct OverridesArgs {
    pub evaluation: PathBuf,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct CrawlArgs {
    /// An evaluation folder (its units' websites) or start URLs of the sites to crawl.
    #[arg(required_unless_present_any = ["resume", "worker"])]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub options: CrawlOptions,
    /// Database: a SQLite file path or a postgres:// URL (default: $ICTRANK_DB or ictrank.db).
    #[arg(long)]
    pub db: Option<String>,
    /// Continue the given run instead of starting a new one.
    #[arg(long, value_name = "RUN", conflicts_with = "targets")]
    pub resume: Option<i64>,
    /// Only record the run and its sites (prints the run's id), for `--worker` processes to crawl.
    #[arg(long, conflicts_with_all = ["resume", "worker"])]
    pub create_only: bool,
    /// Crawl as one of several workers sharing the run (default: the newest run); PostgreSQL only.
    #[arg(long, value_name = "RUN", num_args = 0..=1, conflicts_with_all = ["targets", "resume"])]
    pub worker: Option<Option<i64>>,
    /// Seconds a worker's claim on a site lives without a heartbeat before another takes it over.
    #[arg(long, value_name = "SECONDS", default_value_t = 60.0, requires = "worker")]
    pub lease: f64,
    /// Sites one worker crawls at once (it claims no more than that, leaving the rest to others).
    #[arg(long, value_name = "N", default_value_t = 16, requires = "worker")]
    pub worker_sites: usize,
}

#[derive(Args)]
pub struct AuditArgs {
    pub run: i64,
    #[command(flatten)]
    pub audit: AuditOptions,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct ExplainArgs {
    pub run: i64,
    /// Unit id or name, or the site's start URL.
    pub unit: String,
    /// The evaluation folder, for unit names and criterion names.
    #[arg(long)]
    pub evaluation: Option<PathBuf>,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AuditFormat {
    Table,
    Json,
}

#[derive(Args)]
pub struct AuditSiteArgs {
    pub url: String,
    #[command(flatten)]
    pub audit: AuditOptions,
    #[command(flatten)]
    pub crawl: CrawlOptions,
    #[arg(long, value_enum, default_value = "table")]
    pub format: AuditFormat,
    /// Keep the crawl in this database (default: a temporary one).
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct RunArgs {
    pub evaluation: PathBuf,
    /// Reports go to OUT/<evaluation>/run-<id>/.
    #[arg(long, default_value = "runs")]
    pub out: PathBuf,
    /// The evaluation date (YYYY-MM-DD) [default: today].
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// A folder of selector profiles [default: the bundled selectors/].
    #[arg(long)]
    pub selectors: Option<PathBuf>,
    #[command(flatten)]
    pub crawl: CrawlOptions,
    /// Continue a killed run: what it stored is kept, the rest is fetched, then audit and reports.
    #[arg(long, value_name = "RUN")]
    pub resume: Option<i64>,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct ReportArgs {
    pub run: i64,
    /// Where to write [default: the run's own folder].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The evaluation folder [default: the one the run was made from].
    #[arg(long)]
    pub evaluation: Option<PathBuf>,
    #[arg(long)]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Where the demo's evaluation, database and reports go.
    #[arg(long, default_value = "ictrank-demo")]
    pub out: PathBuf,
    /// The evaluation date (YYYY-MM-DD) [default: today].
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
}

#[derive(Args)]
pub struct ServeArgs {
    pub evaluation: PathBuf,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Ứng dụng được truy cập qua một proxy HTTPS: cookie phiên đặt Secure, gửi kèm HSTS.
    #[arg(long)]
    pub behind_tls: bool,
    #[arg(long)]
    pub db: Option<String>,
}

/// Tài khoản của ứng dụng web (ictrank serve).
#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    pub action: UserAction,
    /// Cơ sở dữ liệu (mặc định: $ICTRANK_DB hoặc ictrank.db).
    #[arg(long, global = true)]
    pub db: Option<String>,
}

#[derive(Subcommand)]
pub enum UserAction {
    /// Thêm tài khoản; mật khẩu nhập từ bàn phím (không hiện) hoặc đọc một dòng từ đầu vào chuẩn.
    Add {
        /// Tên đăng nhập.
        name: String,
        /// Quyền: viewer (chỉ xem), evaluator (đánh giá viên), admin (quản trị).
        #[arg(long, value_parser = ["viewer", "evaluator", "admin"])]
        role: String,
    },
    /// Liệt kê các tài khoản.
    List,
    /// Khoá một tài khoản (phiên đang mở của tài khoản đó dừng ngay).
    Disable {
        /// Tên đăng nhập.
        name: String,
    },
}

#[derive(Args)]
pub struct ImportArgs {
    pub evaluation: PathBuf,
    pub file: PathBuf,
    #[arg(long)]
    pub db: Option<String>,
}

/// What an audit is judged against.
#[derive(Args, Clone)]
pub struct AuditOptions {
    /// The evaluation date (YYYY-MM-DD) [default: the crawl date].
    #[arg(long, value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// The unit kind of the site(s) (department, district, commune…).
    #[arg(long, default_value = "department")]
    pub kind: String,
    /// A rubric file [default: the bundled Bình Định rubric].
    #[arg(long)]
    pub rubric: Option<PathBuf>,
    /// An evaluation folder: its rubric and its units' kinds.
    #[arg(long)]
    pub evaluation: Option<PathBuf>,
    /// A folder of selector profiles [default: the bundled selectors/].
    #[arg(long)]
    pub selectors: Option<PathBuf>,
}

/// The crawler's politeness and budget options, shared by every command that crawls.
#[derive(Args, Clone, Default)]
pub struct CrawlOptions {
    /// Resolve HOST to ADDR:PORT instead of DNS (repeatable); such hosts may be private addresses.
    #[arg(long = "resolve", value_name = "HOST=ADDR:PORT")]
    pub resolve: Vec<String>,
    /// Pages per site at most.
    #[arg(long)]
    pub max_pages: Option<usize>,
    /// Requests per second per host (0 turns the limit off).
    #[arg(long)]
    pub per_host_rate: Option<f64>,
    /// Requests in flight per host.
    #[arg(long)]
    pub per_host_concurrency: Option<usize>,
    /// Requests on the wire over the whole run (waiting for a host's turn holds none).
    #[arg(long)]
    pub global_concurrency: Option<usize>,
    /// Allow links and redirects to loopback, private and link-local addresses.
    #[arg(long)]
    pub allow_private_addresses: bool,
    /// Thời gian tối đa dành cho một trang web (kể cả chờ Retry-After và trả lời chậm), ví dụ 600, 90s, 10m [mặc định: 10m].
    #[arg(long, value_name = "DURATION", value_parser = ictrank::crawl::config::parse_duration)]
    pub site_time_budget: Option<std::time::Duration>,
    /// Contact address put in the user agent.
    #[arg(long, env = "ICTRANK_CONTACT")]
    pub contact: Option<String>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| format!("expected YYYY-MM-DD, found \"{s}\""))
}
