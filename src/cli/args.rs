//! The command line's arguments (clap derive): [`Cli`], one [`Command`] per subcommand with its
//! own argument struct, and the option groups several commands share ([`AuditOptions`],
//! [`CrawlOptions`]).
//!
//! Every text here is what a person reads in `--help`: Vietnamese, one term per concept as in
//! docs/GLOSSARY.md. Defaults and allowed values are written into the help by
//! [`super::localize`] ("[mặc định: …]"), not by clap's English "[default: …]".

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "ictrank",
    version,
    about = "Đánh giá, xếp hạng mức độ ứng dụng công nghệ thông tin của các cơ quan nhà nước: kiểm tra trang thông tin điện tử, tính điểm, xếp hạng và lập báo cáo."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Xếp hạng một đợt đánh giá: mọi bảng của quyết định, hoặc một bảng với --table.
    Rank(RankArgs),
    /// Tính lại mọi bảng và so với các bảng đã công bố; mã thoát 1 nếu có chỗ khác nhau.
    Verify(VerifyArgs),
    /// Điều chỉnh điểm một tiêu chí của một đơn vị, kèm lý do (ghi vào nhật ký điều chỉnh).
    Override(OverrideArgs),
    /// Liệt kê mọi điều chỉnh của một đợt đánh giá (nhật ký điều chỉnh), cũ nhất trước.
    Overrides(OverridesArgs),
    /// Thu thập các trang thông tin điện tử (lịch sự, theo nhịp từng máy chủ) và lưu lại: trang của
    /// các đơn vị trong một đợt đánh giá, hoặc các địa chỉ được nêu.
    Crawl(CrawlArgs),
    /// Kiểm tra một lượt thu thập đã lưu (không cần mạng) và lưu kết quả.
    Audit(AuditArgs),
    /// In từng tiêu chí website của một đơn vị (hoặc một trang) trong một lượt đã kiểm tra: điểm,
    /// kết quả, bằng chứng.
    Explain(ExplainArgs),
    /// Thu thập một trang thông tin điện tử, kiểm tra và in kết quả.
    AuditSite(AuditSiteArgs),
    /// Làm trọn một lượt đánh giá: thu thập trang của mọi đơn vị, kiểm tra, ghép với số liệu tự khai
    /// báo và các điều chỉnh, xếp hạng, lập báo cáo vào thư mục của lượt. Mã thoát 0 khi không có gì
    /// cần xem xét, 3 khi có.
    Run(RunArgs),
    /// Lập lại báo cáo của một lượt đánh giá từ cơ sở dữ liệu (chẳng hạn sau khi điều chỉnh điểm);
    /// bản mới được ghi bên cạnh bản cũ, không ghi đè.
    Report(ReportArgs),
    /// Chạy thử trọn quy trình trên bộ dữ liệu mẫu: các đơn vị giả định, trang mẫu do chính lệnh này
    /// phục vụ trên máy (không cần Internet), rồi chỉ ra báo cáo và cách mở ứng dụng xem xét.
    Demo(DemoArgs),
    /// Ứng dụng web cho cán bộ đánh giá: xem xét các đơn vị bị đánh dấu, điều chỉnh điểm kèm lý do,
    /// đọc nhật ký điều chỉnh.
    Serve(ServeArgs),
    /// Nhập số liệu tự khai báo (CSV hoặc XLSX) vào một đợt đánh giá; tệp có lỗi nào thì không nhập gì.
    Import(ImportArgs),
    /// Bộ tiêu chí: kiểm tra một tệp (check), so sánh hai tệp (diff), tạo mẫu số liệu kê khai XLSX
    /// của một cuộc đánh giá (template).
    Rubric(RubricArgs),
    /// Quản lý tài khoản của ứng dụng web: thêm, liệt kê, khoá.
    User(UserArgs),
    /// Thu thập lại, lần lượt từng đơn vị, các website cán bộ đánh giá đã yêu cầu trong ứng dụng web
    /// (cho nơi chạy `ictrank serve --no-crawl`): kết quả website của đơn vị trong lượt đánh giá được
    /// thay (kết quả cũ vẫn lưu), báo cáo của lượt được lập lại thành bản mới.
    CrawlRequests(CrawlRequestsArgs),
}

// The argument structs below carry no doc comment of their own: the variant's doc comment above is
// the subcommand's help.

const DB_HELP: &str = "Cơ sở dữ liệu: đường dẫn tệp SQLite hoặc địa chỉ postgres:// [mặc định: biến ICTRANK_DB, nếu không có thì ictrank.db]";
const EVALUATION_HELP: &str = "Thư mục đợt đánh giá (chứa evaluation.toml)";
const RUN_HELP: &str = "Số lượt đánh giá (ví dụ 1)";
const AS_OF_HELP: &str = "Ngày đánh giá, dd/mm/yyyy hoặc yyyy-mm-dd [mặc định: hôm nay, giờ Việt Nam]";

#[derive(Clone, Copy, ValueEnum)]
pub enum RankFormat {
    /// Bảng chữ trên màn hình
    Table,
    /// CSV (UTF-8 có BOM, mở được bằng Excel)
    Csv,
    /// JSON cho máy đọc
    Json,
    /// Sổ tính Excel (cần --out)
    Xlsx,
}

/// The header line of a CSV: Vietnamese for people, machine names for programs.
#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CsvHeaders {
    /// Tiêu đề cột tiếng Việt ("Bảng", "Tên cơ quan", …)
    TiengViet,
    /// Tên cột cho máy ("table", "agency", …), mức xếp loại dạng mã ("tot", "kha")
    May,
}

#[derive(Args)]
pub struct RankArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    /// Một bảng: 1, 1.1 … 1.6, 1.3b, 2, 2.1 … 2.6; viết "Bảng 1.1", "1.3B" hay "1.3b" đều được.
    #[arg(long, value_name = "BẢNG")]
    pub table: Option<String>,
    /// Dạng kết quả.
    #[arg(long, value_enum, value_name = "DẠNG", default_value = "table")]
    pub format: RankFormat,
    /// Tiêu đề cột của CSV.
    #[arg(long, value_enum, value_name = "KIỂU", default_value = "tieng-viet")]
    pub csv_headers: CsvHeaders,
    /// Xếp hạng cả năm: điểm website là các lượt đánh giá hằng tháng trong năm, gộp theo
    /// `website_annual` của bộ tiêu chí (mặc định: trung vị).
    #[arg(long, value_name = "NĂM")]
    pub year: Option<i32>,
    /// Ghi vào tệp này thay vì in ra màn hình (bắt buộc với xlsx).
    #[arg(long, value_name = "TỆP")]
    pub out: Option<PathBuf>,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct VerifyArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct OverrideArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    /// Mã hoặc tên đơn vị.
    #[arg(value_name = "ĐƠN_VỊ")]
    pub unit: String,
    /// Mã tiêu chí (ví dụ tin_tuc).
    #[arg(value_name = "TIÊU_CHÍ")]
    pub criterion: String,
    /// Số điểm mới.
    #[arg(value_name = "ĐIỂM")]
    pub points: f64,
    /// Lý do (bắt buộc: cán bộ đánh giá sau sẽ đọc).
    #[arg(long, value_name = "LÝ_DO")]
    pub reason: String,
    /// Người quyết định điều chỉnh [mặc định: tên đăng nhập trên máy (biến USER)].
    #[arg(long, value_name = "TÊN")]
    pub by: Option<String>,
    /// Lượt đánh giá đã xem khi quyết định [mặc định: lượt xong gần nhất]; điều chỉnh giữ bằng chứng
    /// của lượt này.
    #[arg(long, value_name = "LƯỢT")]
    pub run: Option<i64>,
    /// Chỉ áp dụng cho lượt này, không cho các lượt sau.
    #[arg(long)]
    pub only_this_run: bool,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct OverridesArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct CrawlArgs {
    /// Thư mục đợt đánh giá (trang của các đơn vị) hoặc địa chỉ các trang cần thu thập (có thể bỏ
    /// "https://").
    #[arg(value_name = "ĐÍCH", required_unless_present_any = ["resume", "worker"])]
    pub targets: Vec<String>,
    #[command(flatten)]
    pub options: CrawlOptions,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
    /// Tiếp tục lượt thu thập đã cho thay vì bắt đầu lượt mới.
    #[arg(long, value_name = "LƯỢT", conflicts_with = "targets")]
    pub resume: Option<i64>,
    /// Chỉ ghi nhận lượt thu thập và các trang của nó (in số lượt), để các tiến trình `--worker` thu thập.
    #[arg(long, conflicts_with_all = ["resume", "worker"])]
    pub create_only: bool,
    /// Thu thập như một trong nhiều tiến trình cùng chia một lượt (mặc định: lượt mới nhất còn trang chưa thu thập); chỉ với PostgreSQL.
    #[arg(long, value_name = "LƯỢT", num_args = 0..=1, conflicts_with_all = ["targets", "resume"])]
    pub worker: Option<Option<i64>>,
    /// Số giây một tiến trình giữ quyền thu thập một trang khi không báo còn sống, trước khi tiến trình khác nhận thay
    /// (mặc định 60); chỉ dùng với --worker.
    #[arg(long, value_name = "GIÂY")]
    pub lease: Option<f64>,
    /// Số trang một tiến trình thu thập cùng lúc (không nhận nhiều hơn, để phần còn lại cho tiến trình khác).
    #[arg(long, value_name = "SỐ", default_value_t = 16, requires = "worker")]
    pub worker_sites: usize,
}

#[derive(Args)]
pub struct AuditArgs {
    #[arg(help = "Số lượt thu thập cần kiểm tra", value_name = "LƯỢT")]
    pub run: i64,
    #[command(flatten)]
    pub audit: AuditOptions,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct ExplainArgs {
    #[arg(help = RUN_HELP, value_name = "LƯỢT")]
    pub run: i64,
    /// Mã hoặc tên đơn vị, hoặc địa chỉ trang của đơn vị.
    #[arg(value_name = "ĐƠN_VỊ")]
    pub unit: String,
    /// Thư mục đợt đánh giá, để có tên đơn vị và tên tiêu chí.
    #[arg(long, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: Option<PathBuf>,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AuditFormat {
    /// Bảng chữ trên màn hình
    Table,
    /// JSON cho máy đọc
    Json,
}

#[derive(Args)]
pub struct AuditSiteArgs {
    /// Địa chỉ trang, có hoặc không có "https://" (ví dụ stp.binhdinh.gov.vn).
    #[arg(value_name = "ĐỊA_CHỈ")]
    pub url: String,
    #[command(flatten)]
    pub audit: AuditOptions,
    #[command(flatten)]
    pub crawl: CrawlOptions,
    #[command(flatten)]
    pub browser: BrowserOptions,
    /// Thư mục lưu ảnh chụp màn hình điện thoại của bước trình duyệt (mặc định: không lưu).
    #[arg(long, value_name = "DIR")]
    pub screenshots: Option<PathBuf>,
    /// Dạng kết quả.
    #[arg(long, value_enum, value_name = "DẠNG", default_value = "table")]
    pub format: AuditFormat,
    /// Giữ kết quả thu thập trong cơ sở dữ liệu này [mặc định: một cơ sở dữ liệu tạm, xóa khi xong].
    #[arg(long, value_name = "CSDL")]
    pub db: Option<String>,
}

/// The browser stage (headless Chromium): load times, phone layout, accessibility, pages built by
/// JavaScript, script challenges. Read by [`super::browser`].
#[derive(Args, Clone)]
pub struct BrowserOptions {
    /// Bước trình duyệt (Chromium không giao diện): auto = chạy khi có Chromium, nếu thiếu thì các
    /// tiêu chí cần trình duyệt ghi "không kiểm tra được"; off = không chạy; required = bắt buộc,
    /// báo lỗi khi thiếu Chromium.
    #[arg(long, value_enum, default_value = "auto", hide_possible_values = true)]
    pub browser: ictrank::browser::BrowserMode,
    /// Đường dẫn tới Chromium.
    #[arg(
        long,
        value_name = "PATH",
        default_value = "/usr/bin/chromium",
        env = "ICTRANK_CHROMIUM"
    )]
    pub chromium: PathBuf,
    /// Số thẻ (tab) mở cùng lúc, tức số trang web được duyệt cùng lúc.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub browser_tabs: usize,
    /// Số lần tải mỗi trang để đo thời gian (lấy trung vị).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub browser_loads: u32,
    /// Thời gian tối đa cho một trang trong trình duyệt (ví dụ 45s).
    #[arg(long, value_name = "DURATION", default_value = "45s", value_parser = ictrank::crawl::config::parse_duration)]
    pub browser_timeout: std::time::Duration,
    /// Giới hạn bộ nhớ của Chromium (MiB); vượt quá thì khởi động lại trình duyệt giữa hai trang.
    #[arg(long, value_name = "MIB", default_value_t = 1536)]
    pub browser_memory_mb: u64,
    /// Điều kiện mạng khi đo: real = mạng thực của máy đo; slow4g = giả lập 4G chậm như Lighthouse.
    #[arg(long, value_enum, default_value = "real", hide_possible_values = true)]
    pub browser_network: ictrank::browser::NetworkProfile,
}

#[derive(Args)]
pub struct RunArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    /// Báo cáo được ghi vào THƯ_MỤC/<đợt đánh giá>/run-<số lượt>/.
    #[arg(long, value_name = "THƯ_MỤC", default_value = "runs")]
    pub out: PathBuf,
    #[arg(long, help = AS_OF_HELP, value_name = "NGÀY", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Thư mục hồ sơ bộ chọn (selector) [mặc định: selectors/ kèm theo chương trình].
    #[arg(long, value_name = "THƯ_MỤC")]
    pub selectors: Option<PathBuf>,
    #[command(flatten)]
    pub crawl: CrawlOptions,
    #[command(flatten)]
    pub browser: BrowserOptions,
    /// Tiếp tục một lượt đánh giá bị ngắt: giữ những gì đã lưu, thu thập phần còn lại, rồi kiểm tra
    /// và lập báo cáo.
    #[arg(long, value_name = "LƯỢT")]
    pub resume: Option<i64>,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct ReportArgs {
    #[arg(help = RUN_HELP, value_name = "LƯỢT")]
    pub run: i64,
    /// Thư mục ghi báo cáo [mặc định: bên cạnh thư mục báo cáo của lượt, thành bản mới run-<số>-v2, -v3…].
    #[arg(long, value_name = "THƯ_MỤC")]
    pub out: Option<PathBuf>,
    /// Thư mục đợt đánh giá [mặc định: thư mục đã dùng khi chạy lượt đó].
    #[arg(long, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: Option<PathBuf>,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

#[derive(Args)]
pub struct DemoArgs {
    /// Thư mục chứa đợt đánh giá mẫu, cơ sở dữ liệu và báo cáo.
    #[arg(long, value_name = "THƯ_MỤC", default_value = "ictrank-demo")]
    pub out: PathBuf,
    #[command(flatten)]
    pub browser: BrowserOptions,
    #[arg(long, help = AS_OF_HELP, value_name = "NGÀY", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Chạy bản minh họa theo bộ tiêu chí 2015 (sở và huyện, như kết quả năm 2016) thay vì quy định
    /// hiện hành (NĐ 224/2026: sở và xã, phường).
    #[arg(long)]
    pub rubric_2015: bool,
}

#[derive(Args)]
pub struct ServeArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    /// Địa chỉ và cổng để mở ứng dụng.
    #[arg(long, value_name = "ĐỊA_CHỈ", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// Ứng dụng được truy cập qua một proxy HTTPS: cookie phiên đặt Secure, gửi kèm HSTS.
    #[arg(long)]
    pub behind_tls: bool,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
    /// Không tự thu thập lại các website được yêu cầu (khi đó chạy `ictrank crawl-requests`); mặc
    /// định ứng dụng thu thập lần lượt từng yêu cầu, với thiết lập thu thập đã lưu của lượt đánh giá.
    #[arg(long)]
    pub no_crawl: bool,
    #[command(flatten)]
    pub browser: BrowserOptions,
}

#[derive(Args)]
pub struct CrawlRequestsArgs {
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    #[command(flatten)]
    pub browser: BrowserOptions,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
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
        /// Quyền: viewer (chỉ xem), evaluator (cán bộ đánh giá), admin (quản trị).
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
    #[arg(help = EVALUATION_HELP, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: PathBuf,
    /// Tệp số liệu tự khai báo (.csv hoặc .xlsx).
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
    #[arg(long, help = DB_HELP, value_name = "CSDL")]
    pub db: Option<String>,
}

/// What an audit is judged against.
#[derive(Args, Clone)]
pub struct AuditOptions {
    /// Ngày đánh giá, dd/mm/yyyy hoặc yyyy-mm-dd [mặc định: ngày thu thập].
    #[arg(long, value_name = "NGÀY", value_parser = parse_date)]
    pub as_of: Option<chrono::NaiveDate>,
    /// Loại đơn vị của trang (department, district, commune…).
    #[arg(long, value_name = "LOẠI", default_value = "department")]
    pub kind: String,
    /// Tệp bộ tiêu chí [mặc định: bộ tiêu chí Bình Định kèm theo chương trình].
    #[arg(long, value_name = "TỆP")]
    pub rubric: Option<PathBuf>,
    /// Thư mục đợt đánh giá: lấy bộ tiêu chí và loại của các đơn vị.
    #[arg(long, value_name = "ĐỢT_ĐÁNH_GIÁ")]
    pub evaluation: Option<PathBuf>,
    /// Thư mục hồ sơ bộ chọn (selector) [mặc định: selectors/ kèm theo chương trình].
    #[arg(long, value_name = "THƯ_MỤC")]
    pub selectors: Option<PathBuf>,
}

/// The crawler's politeness and budget options, shared by every command that crawls.
#[derive(Args, Clone, Default)]
pub struct CrawlOptions {
    /// Phân giải TÊN_MÁY thành ĐỊA_CHỈ:CỔNG thay cho DNS (dùng nhiều lần được); các máy này được phép
    /// là địa chỉ nội bộ.
    #[arg(long = "resolve", value_name = "TÊN_MÁY=ĐỊA_CHỈ:CỔNG")]
    pub resolve: Vec<String>,
    /// Số trang tối đa thu thập trên mỗi trang thông tin điện tử.
    #[arg(long, value_name = "SỐ")]
    pub max_pages: Option<usize>,
    /// Số yêu cầu mỗi giây tới một máy chủ (0 là không giới hạn).
    #[arg(long, value_name = "SỐ")]
    pub per_host_rate: Option<f64>,
    /// Số yêu cầu cùng lúc tới một máy chủ.
    #[arg(long, value_name = "SỐ")]
    pub per_host_concurrency: Option<usize>,
    /// Số yêu cầu cùng lúc trong cả lượt thu thập (chờ đến lượt một máy chủ thì không tính).
    #[arg(long, value_name = "SỐ")]
    pub global_concurrency: Option<usize>,
    /// Cho phép liên kết và chuyển hướng tới địa chỉ loopback, nội bộ và link-local.
    #[arg(long)]
    pub allow_private_addresses: bool,
    /// Thời gian tối đa dành cho một trang web (kể cả chờ Retry-After và trả lời chậm), ví dụ 600, 90s, 10m [mặc định: 10m].
    #[arg(long, value_name = "THỜI_GIAN", value_parser = ictrank::crawl::config::parse_duration)]
    pub site_time_budget: Option<std::time::Duration>,
    /// Địa chỉ liên hệ ghi trong user agent.
    #[arg(long, value_name = "EMAIL", env = "ICTRANK_CONTACT")]
    pub contact: Option<String>,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    ictrank::util::time::parse_user_date(s)
}

#[derive(Args)]
pub struct RubricArgs {
    #[command(subcommand)]
    pub command: RubricCommand,
}

#[derive(Subcommand)]
pub enum RubricCommand {
    /// Kiểm tra tệp bộ tiêu chí: in các nhóm, tiêu chí và điểm tối đa theo loại đơn vị; liệt kê mọi
    /// kiểm tra tự động mà chương trình không biết (và báo lỗi, nêu khóa).
    Check {
        /// Tệp bộ tiêu chí (.toml).
        file: PathBuf,
    },
    /// So sánh hai bộ tiêu chí: tiêu chí thêm, bỏ, thay đổi; điểm tối đa; trọng số của quy tắc.
    Diff {
        /// Bộ tiêu chí cũ.
        a: PathBuf,
        /// Bộ tiêu chí mới.
        b: PathBuf,
    },
    /// Tạo mẫu số liệu kê khai (XLSX) của một cuộc đánh giá: mỗi dòng một đơn vị và một tiêu chí
    /// đơn vị tự kê khai, theo bộ tiêu chí của cuộc đánh giá.
    Template {
        /// Thư mục cuộc đánh giá (có evaluation.toml).
        evaluation: PathBuf,
        /// Tệp XLSX sẽ ghi.
        #[arg(long)]
        out: PathBuf,
        /// Bộ tiêu chí của kỳ có ngày này (YYYY-MM-DD) khi cuộc đánh giá có nhiều kỳ [mặc định: kỳ cuối].
        #[arg(long, value_parser = parse_date)]
        on: Option<chrono::NaiveDate>,
    },
}
