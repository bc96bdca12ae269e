//! What a demo site says, independent of the platform that renders it: the agency's sections, their
//! dated items and static pages, with every date counted back from the evaluation date so that the
//! fresh site is fresh whenever the demo runs.
//!
//! Main types: [`Content`] (one site's sections and footer facts), [`Section`] and [`Body`] (what a
//! section page holds), [`Item`] (a dated news-like entry) and [`Document`] (a legal document row).
//! All names, places and numbers are fictional.

use super::sites::{Condition, SiteSpec, UnitKind};
use crate::util::text::slug;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

/// A dated entry of a news-like section (news, directives, answers, tenders…).
#[derive(Clone, Debug)]
pub struct Item {
    pub id: u32,
    pub title: String,
    pub slug: String,
    pub published: NaiveDateTime,
    pub summary: String,
    pub paragraphs: Vec<String>,
}

/// One row of the documents table (văn bản).
#[derive(Clone, Debug)]
pub struct Document {
    pub number: String,
    pub issued: NaiveDate,
    pub effective: NaiveDate,
    pub summary: String,
    pub file: String,
}

/// One day of the leaders' weekly schedule.
#[derive(Clone, Debug)]
pub struct ScheduleDay {
    pub date: NaiveDate,
    pub entries: Vec<(String, String)>,
}

/// What a section page holds.
#[derive(Clone, Debug)]
pub enum Body {
    /// Static text: (heading, paragraphs) blocks.
    Text(Vec<(String, Vec<String>)>),
    /// A list of dated items, each with its own article page.
    Items(Vec<Item>),
    Documents(Vec<Document>),
    Schedule(Vec<ScheduleDay>),
    /// Administrative procedures: (name, level, updated on).
    Procedures(Vec<(String, u8, NaiveDate)>),
    /// A form (feedback, questions) with a heading text and its fields.
    Form(Vec<&'static str>),
    /// The site map: rendered from the menu itself.
    SiteMap,
}

/// A section of the site: its menu label, URL slug and page body.
#[derive(Clone, Debug)]
pub struct Section {
    pub slug: &'static str,
    pub title: &'static str,
    pub body: Body,
}

/// Facts printed in every footer.
#[derive(Clone, Debug)]
pub struct Footer {
    pub owner: String,
    pub responsible: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
}

/// Everything one site says.
#[derive(Clone, Debug)]
pub struct Content {
    pub agency: String,
    pub host: String,
    pub sections: Vec<Section>,
    pub footer: Footer,
    pub has_search: bool,
    pub has_rss: bool,
    pub has_sitemap: bool,
    /// Other demo sites linked from the "Liên kết website" box: (name, URL).
    pub links: Vec<(String, String)>,
    pub as_of: NaiveDate,
}

impl Content {
    pub fn section(&self, slug: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.slug == slug)
    }

    /// Every dated item of the site, newest first, with its section.
    pub fn all_items(&self) -> Vec<(&Section, &Item)> {
        let mut out: Vec<_> = self
            .sections
            .iter()
            .flat_map(|s| match &s.body {
                Body::Items(items) => items.iter().map(|i| (s, i)).collect::<Vec<_>>(),
                _ => Vec::new(),
            })
            .collect();
        out.sort_by_key(|(_, i)| std::cmp::Reverse(i.published));
        out
    }
}

/// How a news-like section is fed: newest item `first` days before the evaluation date, then one every
/// `step` days.
struct Cadence {
    slug: &'static str,
    title: &'static str,
    first: i64,
    step: i64,
    titles: &'static [&'static str],
}

const CADENCES: &[Cadence] = &[
    Cadence {
        slug: "tin-tuc",
        title: "Tin tức - Sự kiện",
        first: 1,
        step: 3,
        titles: &[
            "Hội nghị sơ kết công tác chuyển đổi số {period}",
            "Tập huấn kỹ năng bảo đảm an toàn thông tin cho cán bộ, công chức",
            "Đoàn công tác kiểm tra tình hình ứng dụng công nghệ thông tin tại {place}",
            "Ra mắt Tổ công nghệ số cộng đồng {place}",
            "Triển khai nền tảng họp trực tuyến đến cấp xã",
            "Lãnh đạo {agency} tiếp và làm việc với đoàn công tác của Bộ",
            "Hội thảo nâng cao chất lượng cung cấp dịch vụ công trực tuyến",
            "Phát động phong trào thi đua hoàn thành nhiệm vụ {period}",
            "Tuyên truyền Ngày Chuyển đổi số quốc gia tại {place}",
            "Ký kết quy chế phối hợp cung cấp thông tin với các đơn vị trực thuộc",
            "Kiểm tra công tác cải cách hành chính tại {place}",
            "Tổng kết chương trình hỗ trợ người dân sử dụng tài khoản định danh điện tử",
        ],
    },
    Cadence {
        slug: "chi-dao-dieu-hanh",
        title: "Chỉ đạo điều hành",
        first: 5,
        step: 12,
        titles: &[
            "Thông báo kết luận của Giám đốc tại cuộc họp giao ban {period}",
            "Chỉ đạo tăng cường bảo đảm an toàn thông tin trong dịp lễ, Tết",
            "Kết luận của lãnh đạo về tiến độ giải ngân vốn đầu tư công",
            "Chỉ đạo đẩy mạnh thanh toán trực tuyến trên Cổng dịch vụ công",
            "Thông báo ý kiến chỉ đạo về công tác phòng, chống thiên tai",
            "Chỉ đạo triển khai kế hoạch kiểm tra nội vụ {period}",
        ],
    },
    Cadence {
        slug: "tra-loi-kien-nghi",
        title: "Trả lời kiến nghị",
        first: 8,
        step: 15,
        titles: &[
            "Trả lời kiến nghị của cử tri {place} về hạ tầng viễn thông",
            "Trả lời phản ánh của ông Nguyễn Văn Bình về thủ tục cấp giấy phép",
            "Kết quả xử lý kiến nghị của doanh nghiệp về hồ sơ trực tuyến",
            "Trả lời kiến nghị của bà Trần Thị Mai về chế độ chính sách",
            "Trả lời kiến nghị của Hội Doanh nhân trẻ tỉnh",
        ],
    },
    Cadence {
        slug: "thi-dua-khen-thuong",
        title: "Thi đua - Khen thưởng",
        first: 30,
        step: 60,
        titles: &[
            "Quyết định khen thưởng các tập thể có thành tích xuất sắc {period}",
            "Công khai danh sách đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh",
            "Quyết định xử phạt vi phạm hành chính trong lĩnh vực quảng cáo",
            "Khen thưởng cá nhân có sáng kiến cải tiến quy trình làm việc",
        ],
    },
    Cadence {
        slug: "pho-bien-phap-luat",
        title: "Phổ biến giáo dục pháp luật",
        first: 6,
        step: 14,
        titles: &[
            "Tuyên truyền Luật Giao dịch điện tử đến cán bộ, công chức",
            "Hướng dẫn thực hiện quy định về bảo vệ dữ liệu cá nhân",
            "Phổ biến chính sách mới có hiệu lực từ {period}",
            "Hỏi đáp pháp luật về an ninh mạng cho học sinh {place}",
            "Hướng dẫn chế độ báo cáo thống kê theo quy định mới",
            "Tuyên truyền Luật Tiếp cận thông tin tại {place}",
        ],
    },
    Cadence {
        slug: "quy-hoach-ke-hoach",
        title: "Quy hoạch - Kế hoạch",
        first: 45,
        step: 90,
        titles: &[
            "Kế hoạch ứng dụng công nghệ thông tin, chuyển đổi số {period}",
            "Kế hoạch phát triển hạ tầng số giai đoạn 2026 - 2030",
            "Định hướng phát triển chính quyền số đến năm 2030",
            "Kế hoạch cải cách hành chính {period}",
        ],
    },
    Cadence {
        slug: "dau-thau",
        title: "Đấu thầu, mua sắm công",
        first: 20,
        step: 45,
        titles: &[
            "Thông báo mời thầu gói thầu mua sắm thiết bị tin học",
            "Kết quả lựa chọn nhà thầu dự án nâng cấp trung tâm dữ liệu",
            "Kế hoạch lựa chọn nhà thầu mua sắm phần mềm quản lý văn bản",
            "Thông báo mời chào giá dịch vụ bảo trì hệ thống mạng",
        ],
    },
    Cadence {
        slug: "lay-y-kien-du-thao",
        title: "Lấy ý kiến dự thảo",
        first: 15,
        step: 40,
        titles: &[
            "Lấy ý kiến dự thảo quy chế quản lý, vận hành Cổng thông tin điện tử",
            "Góp ý dự thảo Nghị quyết về chính sách hỗ trợ chuyển đổi số",
            "Lấy ý kiến dự thảo kế hoạch phát triển nguồn nhân lực số",
            "Dự thảo quy định danh mục dữ liệu mở của tỉnh",
        ],
    },
    Cadence {
        slug: "de-tai-khoa-hoc",
        title: "Đề tài khoa học",
        first: 60,
        step: 120,
        titles: &[
            "Nghiệm thu đề tài ứng dụng trí tuệ nhân tạo trong xử lý văn bản",
            "Đề tài nghiên cứu mô hình thôn thông minh tại {place}",
            "Sáng kiến số hóa hồ sơ lưu trữ được công nhận cấp tỉnh",
        ],
    },
    Cadence {
        slug: "so-lieu-thong-ke",
        title: "Số liệu thống kê",
        first: 25,
        step: 90,
        titles: &[
            "Báo cáo thống kê kết quả giải quyết thủ tục hành chính {period}",
            "Số liệu thống kê hạ tầng viễn thông {period}",
            "Báo cáo thống kê tình hình sử dụng dịch vụ công trực tuyến",
        ],
    },
    Cadence {
        slug: "hoi-dap",
        title: "Hỏi đáp",
        first: 3,
        step: 10,
        titles: &[
            "Hỏi về thời hạn giải quyết thủ tục cấp giấy phép hoạt động",
            "Hỏi về cách nộp hồ sơ trực tuyến mức độ toàn trình",
            "Hỏi về lệ phí cấp bản sao trích lục",
            "Hỏi về việc tra cứu tình trạng hồ sơ đã nộp",
            "Hỏi về điều kiện được hưởng chính sách hỗ trợ",
        ],
    },
];

const PLACES: &[&str] = &[
    "xã Hòa Thịnh",
    "phường Nam Sơn",
    "xã Tân Lộc",
    "thị trấn Phú Mỹ",
    "xã Bình Hải",
];

/// How old the newest item of each section is on a stale site, and its documents.
const STALE_NEWS_DAYS: i64 = 200;
const STALE_DOCUMENT_DAYS: i64 = 400;

/// Sections a site with missing sections does not have.
pub const MISSING_SECTIONS: &[&str] = &["hoi-dap", "lich-cong-tac"];

/// Builds the content of one demo site as of the evaluation date.
pub fn build(spec: &SiteSpec, as_of: NaiveDate, links: Vec<(String, String)>) -> Content {
    let stale = spec.condition == Condition::Stale;
    let missing = spec.condition == Condition::MissingSections;
    // A stale site stopped updating some months ago: every date moves back by the same amount.
    let shift = if stale { STALE_NEWS_DAYS - 1 } else { 0 };
    let doc_shift = if stale { STALE_DOCUMENT_DAYS - 3 } else { 0 };
    let agency = spec.agency.to_string();
    let mut ids = 100 + spec.seed * 1000;
    // Article URLs on some platforms hold only the slug: keep slugs unique within the site.
    let mut slugs = std::collections::HashSet::new();
    let mut sections = vec![
        text_section("gioi-thieu", "Giới thiệu", intro(spec)),
        text_section("co-cau-to-chuc", "Cơ cấu tổ chức", organisation(spec)),
        match spec.kind {
            UnitKind::Department => text_section(
                "qua-trinh-hinh-thanh",
                "Quá trình hình thành và phát triển",
                history(spec),
            ),
            UnitKind::District => text_section(
                "dieu-kien-tu-nhien",
                "Điều kiện tự nhiên, lịch sử, văn hóa",
                geography(spec),
            ),
        },
        text_section("lanh-dao", "Lãnh đạo", leaders(spec)),
    ];
    for c in CADENCES {
        if missing && MISSING_SECTIONS.contains(&c.slug) {
            continue;
        }
        let count = if c.slug == "tin-tuc" { 14 } else { c.titles.len() as u32 };
        let items = (0..count)
            .map(|n| {
                ids += 1;
                let days = c.first + shift + c.step * i64::from(n);
                let title = fill(
                    c.titles[n as usize % c.titles.len()],
                    spec,
                    as_of - Duration::days(days),
                    n,
                );
                let mut it = item(ids, title, as_of - Duration::days(days), n, spec);
                if !slugs.insert(it.slug.clone()) {
                    it.slug = format!("{}-{}", it.slug, it.id);
                    slugs.insert(it.slug.clone());
                }
                it
            })
            .collect();
        sections.push(Section {
            slug: c.slug,
            title: c.title,
            body: Body::Items(items),
        });
    }
    if !missing {
        sections.push(Section {
            slug: "lich-cong-tac",
            title: "Lịch công tác",
            body: Body::Schedule(schedule(spec, as_of - Duration::days(shift))),
        });
    }
    sections.push(Section {
        slug: "van-ban",
        title: "Văn bản",
        body: Body::Documents(documents(spec, as_of - Duration::days(doc_shift))),
    });
    sections.push(Section {
        slug: "thu-tuc-hanh-chinh",
        title: "Thủ tục hành chính",
        body: Body::Procedures(procedures(as_of - Duration::days(40 + shift))),
    });
    sections.push(text_section(
        "dich-vu-cong",
        "Dịch vụ công trực tuyến",
        online_services(spec),
    ));
    sections.push(text_section(
        "tinh-hinh-xu-ly-ho-so",
        "Tình hình xử lý hồ sơ",
        dossier_stats(as_of - Duration::days(shift)),
    ));
    sections.push(Section {
        slug: "phan-anh-kien-nghi",
        title: "Phản ánh, kiến nghị",
        body: Body::Form(vec![
            "Họ và tên",
            "Địa chỉ",
            "Điện thoại",
            "Thư điện tử",
            "Nội dung phản ánh, kiến nghị",
        ]),
    });
    sections.push(text_section("danh-ba", "Danh bạ điện thoại", directory(spec)));
    sections.push(text_section("ban-bien-tap", "Ban Biên tập", editorial(spec)));
    sections.push(text_section("lien-he", "Liên hệ", contact(spec)));
    if !missing {
        sections.push(Section {
            slug: "so-do-cong",
            title: "Sơ đồ cổng",
            body: Body::SiteMap,
        });
    }
    sections.push(text_section("en", "English", english(spec)));
    for s in &mut sections {
        if let Body::Text(blocks) = &mut s.body {
            for (heading, paragraphs) in blocks.iter_mut() {
                *heading = by_kind(spec, heading);
                for p in paragraphs.iter_mut() {
                    *p = by_kind(spec, p);
                }
            }
        }
    }
    Content {
        agency,
        host: spec.host.to_string(),
        sections,
        footer: footer(spec),
        has_search: !missing,
        has_rss: !missing,
        has_sitemap: !missing,
        links,
        as_of,
    }
}

fn text_section(slug: &'static str, title: &'static str, blocks: Vec<(String, Vec<String>)>) -> Section {
    Section {
        slug,
        title,
        body: Body::Text(blocks),
    }
}

fn fill(template: &str, spec: &SiteSpec, date: NaiveDate, n: u32) -> String {
    let quarter = (date.month0() / 3) + 1;
    let period = match n % 3 {
        0 => format!("quý {} năm {}", roman(quarter), date.year()),
        1 => format!("tháng {}/{}", date.month(), date.year()),
        _ => format!("năm {}", date.year()),
    };
    by_kind(spec, template)
        .replace("{period}", &period)
        .replace("{place}", PLACES[(n as usize + spec.seed as usize) % PLACES.len()])
        .replace("{agency}", spec.agency)
}

/// Words written for a department, adapted to a district: a district's head is the Chairman of its
/// People's Committee, not a director.
fn by_kind(spec: &SiteSpec, text: &str) -> String {
    match spec.kind {
        UnitKind::Department => text.to_string(),
        UnitKind::District => text
            .replace("Ban Giám đốc", "Thường trực UBND")
            .replace("Phó Giám đốc", "Phó Chủ tịch UBND")
            .replace("Giám đốc", "Chủ tịch UBND")
            .replace("Lãnh đạo Sở", "Lãnh đạo UBND")
            .replace("các phòng", "các phòng, ban"),
    }
}

fn roman(q: u32) -> &'static str {
    ["I", "II", "III", "IV"][(q as usize - 1).min(3)]
}

fn item(id: u32, title: String, date: NaiveDate, n: u32, spec: &SiteSpec) -> Item {
    let time = NaiveTime::from_hms_opt(7 + (n % 9), (n * 7) % 60, 0).unwrap();
    let summary = format!(
        "({}) - {} thông tin về {}.",
        spec.short_name(),
        spec.agency,
        lower_first(&title)
    );
    let paragraphs = vec![
        summary.clone(),
        format!(
            "Theo {}, nội dung này được triển khai đến các phòng, đơn vị trực thuộc và UBND các xã, phường, thị trấn. \
             Các đơn vị được yêu cầu báo cáo kết quả thực hiện trước ngày 25 hằng tháng.",
            spec.agency
        ),
        "Trong thời gian tới, đơn vị tiếp tục theo dõi, đôn đốc và kịp thời tháo gỡ khó khăn, vướng mắc phát sinh."
            .to_string(),
    ];
    Item {
        id,
        slug: slug(&title),
        title,
        published: date.and_time(time),
        summary,
        paragraphs,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The working week (Monday to Friday) that holds `day`.
fn schedule(spec: &SiteSpec, day: NaiveDate) -> Vec<ScheduleDay> {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    let plans = [
        (
            "07h30",
            "Giám đốc chủ trì giao ban lãnh đạo; thành phần: Ban Giám đốc, trưởng các phòng",
        ),
        ("14h00", "Phó Giám đốc dự họp trực tuyến với Bộ về chuyển đổi số"),
        ("08h00", "Giám đốc tiếp công dân định kỳ tại Trụ sở tiếp công dân tỉnh"),
        ("15h00", "Phó Giám đốc làm việc với các xã về cải cách hành chính"),
        ("08h00", "Lãnh đạo Sở dự Hội nghị UBND tỉnh thường kỳ"),
    ];
    (0..5)
        .map(|i| ScheduleDay {
            date: monday + Duration::days(i),
            entries: vec![
                (plans[i as usize].0.to_string(), by_kind(spec, plans[i as usize].1)),
                (
                    plans[(i as usize + 1) % 5].0.to_string(),
                    by_kind(spec, plans[(i as usize + 1) % 5].1),
                ),
            ],
        })
        .collect()
}

fn documents(spec: &SiteSpec, newest: NaiveDate) -> Vec<Document> {
    let kinds = [
        (
            "QĐ",
            "Quyết định",
            "ban hành Quy chế quản lý, vận hành trang thông tin điện tử",
        ),
        ("KH", "Kế hoạch", "triển khai nhiệm vụ chuyển đổi số"),
        ("CV", "Công văn", "về việc tăng cường bảo đảm an toàn thông tin mạng"),
        ("TB", "Thông báo", "kết luận cuộc họp giao ban"),
        ("QĐ", "Quyết định", "công bố danh mục thủ tục hành chính được chuẩn hóa"),
        ("HD", "Hướng dẫn", "sử dụng chữ ký số trong gửi, nhận văn bản điện tử"),
        ("BC", "Báo cáo", "kết quả cải cách hành chính"),
        ("KH", "Kế hoạch", "tuyên truyền phổ biến giáo dục pháp luật"),
    ];
    kinds
        .iter()
        .enumerate()
        .map(|(n, (code, kind, subject))| {
            let issued = newest - Duration::days(3 + 9 * n as i64);
            Document {
                number: format!("{}/{}-{}", 120 - n * 7, code, spec.doc_code),
                issued,
                effective: issued + Duration::days(if *code == "QĐ" { 10 } else { 0 }),
                summary: format!("{kind} {subject}"),
                file: format!("/uploads/van-ban/{}-{}-{}.pdf", slug(code), 120 - n * 7, issued.year()),
            }
        })
        .collect()
}

fn procedures(updated: NaiveDate) -> Vec<(String, u8, NaiveDate)> {
    [
        ("Cấp giấy phép hoạt động", 4),
        ("Cấp bản sao trích lục hồ sơ", 3),
        ("Đăng ký thay đổi nội dung giấy phép", 4),
        ("Thẩm định hồ sơ đề nghị hỗ trợ", 2),
        ("Giải quyết khiếu nại lần đầu", 2),
    ]
    .iter()
    .enumerate()
    .map(|(n, (name, level))| (name.to_string(), *level, updated - Duration::days(30 * n as i64)))
    .collect()
}

fn intro(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![
        (
            "Vị trí và chức năng".into(),
            vec![match spec.kind {
                UnitKind::Department => format!(
                    "{} là cơ quan chuyên môn thuộc UBND tỉnh Thử Nghiệm, có chức năng tham mưu, giúp UBND tỉnh \
                     quản lý nhà nước trong lĩnh vực được giao; có tư cách pháp nhân, con dấu và tài khoản riêng.",
                    spec.agency
                ),
                UnitKind::District => format!(
                    "{} là cơ quan hành chính nhà nước ở địa phương, chịu trách nhiệm trước Hội đồng nhân dân cùng cấp \
                     và UBND tỉnh Thử Nghiệm; tổ chức thi hành Hiến pháp, pháp luật trên địa bàn.",
                    spec.agency
                ),
            }],
        ),
        (
            "Nhiệm vụ và quyền hạn".into(),
            vec![
                "Trình UBND tỉnh dự thảo quyết định, chỉ thị; quy hoạch, kế hoạch dài hạn, trung hạn và hằng năm."
                    .into(),
                "Tổ chức thực hiện các văn bản quy phạm pháp luật, quy hoạch, kế hoạch sau khi được phê duyệt; \
                 thông tin, tuyên truyền, phổ biến, giáo dục pháp luật."
                    .into(),
                "Thực hiện công tác thanh tra, kiểm tra, giải quyết khiếu nại, tố cáo theo quy định.".into(),
            ],
        ),
    ]
}

fn organisation(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![(
        "Cơ cấu tổ chức".into(),
        vec![
            format!("Lãnh đạo {}: Giám đốc và các Phó Giám đốc.", spec.agency),
            "Các phòng chuyên môn: Văn phòng; Thanh tra; Phòng Kế hoạch - Tài chính; Phòng Quản lý chuyên ngành."
                .into(),
            "Đơn vị sự nghiệp trực thuộc: Trung tâm Dịch vụ và Thông tin.".into(),
        ],
    )]
}

fn history(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![
        (
            "Quá trình hình thành và phát triển".into(),
            vec![
                format!(
                    "{} được thành lập năm 2008 theo quyết định của UBND tỉnh Thử Nghiệm, trên cơ sở tổ chức lại \
                     các phòng chuyên môn và tiếp nhận chức năng quản lý nhà nước từ một số sở, ngành của tỉnh. \
                     Những ngày đầu thành lập, cơ quan chỉ có 24 cán bộ, công chức, làm việc tại trụ sở tạm \
                     với trang thiết bị còn thiếu thốn.",
                    spec.agency
                ),
                "Giai đoạn 2008 - 2015, đơn vị tập trung kiện toàn tổ chức bộ máy, xây dựng quy chế làm việc, \
                 tham mưu UBND tỉnh ban hành nhiều văn bản quản lý trong lĩnh vực được giao và từng bước đưa \
                 công tác quản lý nhà nước đi vào nền nếp. Năm 2012, cơ quan chuyển về trụ sở làm việc mới."
                    .into(),
                "Giai đoạn 2016 - 2020, thực hiện chủ trương tinh gọn bộ máy, đơn vị sắp xếp lại các phòng \
                 chuyên môn, sáp nhập hai đơn vị sự nghiệp trực thuộc, đẩy mạnh cải cách hành chính và ứng \
                 dụng công nghệ thông tin trong hoạt động nội bộ cũng như trong giải quyết thủ tục hành chính \
                 cho người dân, doanh nghiệp."
                    .into(),
                "Từ năm 2021 đến nay, đơn vị tập trung triển khai chuyển đổi số, cung cấp dịch vụ công trực \
                 tuyến toàn trình, số hóa hồ sơ lưu trữ và nâng cao chất lượng đội ngũ cán bộ, công chức. Hiện \
                 nay cơ quan có 5 phòng chuyên môn, 1 đơn vị sự nghiệp trực thuộc với 68 cán bộ, công chức, \
                 viên chức và người lao động."
                    .into(),
            ],
        ),
        (
            "Thành tích đạt được".into(),
            vec![
                "Với những kết quả đạt được, tập thể cơ quan được tặng Bằng khen của Thủ tướng Chính phủ năm \
                 2020, Cờ thi đua của UBND tỉnh các năm 2018 và 2022; nhiều cá nhân được tặng Bằng khen của \
                 Bộ trưởng và của Chủ tịch UBND tỉnh."
                    .into(),
            ],
        ),
    ]
}

fn geography(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![
        (
            "Vị trí địa lý".into(),
            vec![
                format!(
                    "{} nằm ở phía đông tỉnh Thử Nghiệm, diện tích tự nhiên 312 km², gồm 14 đơn vị hành chính \
                     cấp xã. Phía bắc giáp huyện Bình Yên, phía nam giáp thị xã Hòa An, phía tây giáp vùng núi \
                     Trường Lâm, phía đông giáp biển với bờ biển dài 21 km.",
                    spec.place
                ),
                "Địa hình thấp dần từ tây sang đông, gồm vùng đồi núi thấp, vùng đồng bằng ven sông Lam Hà và \
                 dải cát ven biển. Khí hậu nhiệt đới gió mùa, nhiệt độ trung bình năm khoảng 26,8 °C, mùa mưa từ \
                 tháng 9 đến tháng 12, thường chịu ảnh hưởng của bão và áp thấp nhiệt đới."
                    .into(),
            ],
        ),
        (
            "Lịch sử, văn hóa".into(),
            vec![
                "Vùng đất có truyền thống cách mạng, nhiều di tích lịch sử được xếp hạng cấp tỉnh như đình làng \
                 Hòa Thịnh và tháp cổ Bình Hải."
                    .into(),
                "Nhân dân trong vùng còn lưu giữ nhiều lễ hội truyền thống như lễ hội cầu ngư vào tháng Giêng, \
                 hội đua thuyền trên sông Lam Hà dịp Quốc khánh, cùng các làng nghề dệt chiếu, làm nón lá đã có \
                 hàng trăm năm tuổi."
                    .into(),
            ],
        ),
    ]
}

fn leaders(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    let title = match spec.kind {
        UnitKind::Department => ["Giám đốc", "Phó Giám đốc", "Phó Giám đốc"],
        UnitKind::District => ["Chủ tịch UBND", "Phó Chủ tịch UBND", "Phó Chủ tịch UBND"],
    };
    let names = ["Lê Minh Khang", "Phạm Thị Thu Hà", "Võ Quốc Trung"];
    title
        .iter()
        .zip(names)
        .enumerate()
        .map(|(n, (t, name))| {
            (
                format!("{t}: {name}"),
                vec![
                    format!("Năm sinh: {}. Trình độ: Thạc sĩ.", 1972 + n * 4),
                    format!(
                        "Nhiệm vụ đảm nhiệm: {}.",
                        [
                            "lãnh đạo, điều hành chung mọi hoạt động của cơ quan",
                            "phụ trách lĩnh vực kế hoạch, tài chính",
                            "phụ trách công tác cải cách hành chính, chuyển đổi số"
                        ][n]
                    ),
                    format!(
                        "Điện thoại: 0256.3{}; thư điện tử: {}@{}",
                        821_100 + n * 11,
                        ascii_name(name),
                        spec.mail_domain()
                    ),
                ],
            )
        })
        .collect()
}

fn ascii_name(name: &str) -> String {
    slug(name).replace('-', "")
}

fn online_services(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![(
        "Danh mục dịch vụ công trực tuyến".into(),
        vec![
            "Cấp giấy phép hoạt động — Mức độ 4 (toàn trình)".into(),
            "Đăng ký thay đổi nội dung giấy phép — Mức độ 4 (toàn trình)".into(),
            "Cấp bản sao trích lục hồ sơ — Mức độ 3 (một phần)".into(),
            format!(
                "Hướng dẫn: người dân, doanh nghiệp nộp hồ sơ tại Cổng dịch vụ công của tỉnh, chọn đơn vị {}.",
                spec.agency
            ),
        ],
    )]
}

fn dossier_stats(day: NaiveDate) -> Vec<(String, Vec<String>)> {
    vec![(
        format!("Tình hình xử lý hồ sơ tháng {}/{}", day.month(), day.year()),
        vec![
            "Số hồ sơ tiếp nhận: 1.284; trong đó trực tuyến: 1.032 (80,37%).".into(),
            "Số hồ sơ đã giải quyết đúng hạn: 1.251; trễ hạn: 3.".into(),
            "Tần suất truy cập dịch vụ công mức 3, 4: 5.420 lượt.".into(),
        ],
    )]
}

fn directory(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![(
        "Danh bạ điện thoại, thư điện tử".into(),
        vec![
            format!(
                "Văn phòng — Chánh Văn phòng Đỗ Văn Hùng — 0256.3821200 — vanphong@{}",
                spec.mail_domain()
            ),
            format!(
                "Thanh tra — Chánh Thanh tra Ngô Thị Lan — 0256.3821201 — thanhtra@{}",
                spec.mail_domain()
            ),
            format!(
                "Người phát ngôn — Phó Giám đốc Phạm Thị Thu Hà — 0256.3821111 — phatngon@{}",
                spec.mail_domain()
            ),
        ],
    )]
}

fn editorial(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    vec![(
        "Ban Biên tập và Quy chế hoạt động".into(),
        vec![
            format!("Trưởng Ban Biên tập: Lê Minh Khang, người đứng đầu {}.", spec.agency),
            "Quy chế hoạt động của Trang thông tin điện tử ban hành kèm theo Quyết định số 45/QĐ-BBT.".into(),
        ],
    )]
}

fn contact(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    let f = footer(spec);
    vec![(
        spec.agency.to_string(),
        vec![
            format!("Địa chỉ: {}", f.address),
            format!("Điện thoại: {}; Fax: {}", f.phone, f.fax),
            format!("Thư điện tử: {}", f.email),
        ],
    )]
}

fn english(spec: &SiteSpec) -> Vec<(String, Vec<String>)> {
    let f = footer(spec);
    vec![
        (
            "About us".into(),
            vec![format!(
                "The {} is a specialised agency of the People's Committee of Thu Nghiem province.",
                spec.english_name
            )],
        ),
        (
            "Contact".into(),
            vec![format!("Address: {}. Tel: {}. Email: {}", f.address, f.phone, f.email)],
        ),
    ]
}

fn footer(spec: &SiteSpec) -> Footer {
    Footer {
        owner: format!("Cơ quan chủ quản: {}", spec.agency),
        responsible: "Người chịu trách nhiệm: Lê Minh Khang".into(),
        address: format!(
            "Số {} đường Trần Hưng Đạo, thành phố Thử Nghiệm, tỉnh Thử Nghiệm",
            10 + spec.seed * 4
        ),
        phone: format!("0256.38{:05}", 21_100 + spec.seed * 13),
        fax: format!("0256.38{:05}", 21_199 + spec.seed * 13),
        email: format!("vanphong@{}", spec.mail_domain()),
    }
}

/// Vietnamese weekday name as printed before dates ("Thứ Hai", "Chủ nhật").
pub fn weekday_vi(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}
