//! What a demo site says, independent of the platform that renders it: the agency's sections, their
//! dated items and static pages, with every date counted back from the evaluation date so that the
//! fresh site is fresh whenever the demo runs.
//!
//! Main types: [`Content`] (one site's sections and footer facts), [`Section`] and [`Body`] (what a
//! section page holds), [`Item`] (a dated news-like entry) and [`Document`] (a legal document row).
//! The words themselves are data (data/prose.toml, see [`crate::prose`]); this module lays them out
//! for one site and dates them. All names, places and numbers are fictional.

use crate::prose::{Block, BodyText, FooterText, ItemText, prose};
use crate::spec::{Condition, SiteSpec, UnitKind};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use ictrank_text::slug;

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
    /// When the site posted it (shown only by sites with `posting_lag_days`).
    pub posted: Option<NaiveDate>,
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
    /// A form (feedback, questions): its fields.
    Form(Vec<String>),
    /// The site map: rendered from the menu itself.
    SiteMap,
}

/// A section of the site: its menu label, URL slug and page body.
#[derive(Clone, Debug)]
pub struct Section {
    pub slug: String,
    pub title: String,
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

/// How old the newest item of each section is on a stale site, and its documents.
const STALE_NEWS_DAYS: i64 = 200;
const STALE_DOCUMENT_DAYS: i64 = 400;

/// Builds the content of one demo site as of the evaluation date.
pub fn build(spec: &SiteSpec, as_of: NaiveDate, links: Vec<(String, String)>) -> Content {
    let prose = prose();
    let missing = spec.condition == Condition::MissingSections;
    // A stale site stopped updating some months ago: every date moves back by the same amount.
    let (shift, doc_shift) = if spec.condition == Condition::Stale {
        (STALE_NEWS_DAYS - 1, STALE_DOCUMENT_DAYS - 3)
    } else {
        (0, 0)
    };
    let updated = as_of - Duration::days(shift);
    let footer = footer(spec, &prose.footer);
    let (month, year) = (updated.month().to_string(), updated.year().to_string());
    let vars = [
        ("agency", spec.agency.as_str()),
        ("english_name", &spec.english_name),
        ("place", &spec.place),
        ("short_name", spec.short_name()),
        ("mail_domain", spec.mail_domain()),
        ("address", &footer.address),
        ("phone", &footer.phone),
        ("fax", &footer.fax),
        ("email", &footer.email),
        ("month", &month),
        ("year", &year),
    ];
    let for_site = |only: Option<UnitKind>| only.is_none_or(|k| k == spec.kind);
    let mut ids = 100 + spec.seed * 1000;
    // Article URLs on some platforms hold only the slug: keep slugs unique within the site.
    let mut slugs = std::collections::HashSet::new();
    let mut sections = Vec::new();
    for s in &prose.sections {
        if !for_site(s.only) || (missing && s.optional) {
            continue;
        }
        let body = match &s.body {
            BodyText::Text { blocks } => Body::Text(
                blocks
                    .iter()
                    .filter(|b| for_site(b.only))
                    .map(|b| text_block(spec, b, &vars))
                    .collect(),
            ),
            BodyText::Items {
                first,
                step,
                count,
                titles,
            } => {
                let count = count.unwrap_or(titles.len() as u32);
                let items = (0..count)
                    .map(|n| {
                        ids += 1;
                        let date = as_of - Duration::days(first + shift + step * i64::from(n));
                        let title = title(&titles[n as usize % titles.len()], spec, date, n);
                        let mut it = item(ids, title, date, n, spec, &prose.item);
                        if !slugs.insert(it.slug.clone()) {
                            it.slug = format!("{}-{}", it.slug, it.id);
                            slugs.insert(it.slug.clone());
                        }
                        it
                    })
                    .collect();
                Body::Items(items)
            }
            BodyText::Schedule { plans } => Body::Schedule(schedule(spec, plans, updated)),
            BodyText::Documents { first, step, documents } => Body::Documents(
                documents
                    .iter()
                    .enumerate()
                    .map(|(n, d)| {
                        let issued = as_of - Duration::days(doc_shift + first + step * n as i64);
                        document(spec, d, n, issued, as_of)
                    })
                    .collect(),
            ),
            BodyText::Procedures {
                first,
                step,
                procedures,
            } => Body::Procedures(
                procedures
                    .iter()
                    .enumerate()
                    .map(|(n, (name, level))| (name.clone(), *level, updated - Duration::days(first + step * n as i64)))
                    .collect(),
            ),
            BodyText::Form { fields } => Body::Form(fields.clone()),
            BodyText::Sitemap => Body::SiteMap,
        };
        sections.push(Section {
            slug: s.slug.clone(),
            title: s.title.clone(),
            body,
        });
    }
    Content {
        agency: spec.agency.clone(),
        host: spec.host.clone(),
        sections,
        footer,
        has_search: !missing,
        has_rss: !missing,
        has_sitemap: !missing,
        links,
        as_of,
    }
}

/// `template` with each `{name}` of `vars` replaced by its value.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    vars.iter().fold(template.to_string(), |text, (name, value)| {
        text.replace(&format!("{{{name}}}"), value)
    })
}

fn text_block(spec: &SiteSpec, b: &Block, vars: &[(&str, &str)]) -> (String, Vec<String>) {
    let heading = by_kind(spec, &fill(&b.heading, vars));
    let paragraphs = b.paragraphs.iter().map(|p| by_kind(spec, &fill(p, vars))).collect();
    (heading, paragraphs)
}

/// The title of the `n`th entry of a news-like section, dated `date`.
fn title(template: &str, spec: &SiteSpec, date: NaiveDate, n: u32) -> String {
    let prose = prose();
    let (quarter, month, year) = (
        roman((date.month0() / 3) + 1),
        date.month().to_string(),
        date.year().to_string(),
    );
    let period = fill(
        &prose.periods[n as usize % prose.periods.len()],
        &[("quarter", quarter), ("month", &month), ("year", &year)],
    );
    let place = &prose.places[(n as usize + spec.seed as usize) % prose.places.len()];
    fill(
        &by_kind(spec, template),
        &[("period", &period), ("place", place), ("agency", &spec.agency)],
    )
}

/// Words written for a department, adapted to a district: a district's head is the Chairman of its
/// People's Committee, not a director.
fn by_kind(spec: &SiteSpec, text: &str) -> String {
    match spec.kind {
        UnitKind::Department => text.to_string(),
        UnitKind::District | UnitKind::Commune => prose()
            .district_words
            .iter()
            .fold(text.to_string(), |text, (department, district)| {
                text.replace(department, district)
            }),
    }
}

fn roman(q: u32) -> &'static str {
    ["I", "II", "III", "IV"][(q as usize - 1).min(3)]
}

fn item(id: u32, title: String, date: NaiveDate, n: u32, spec: &SiteSpec, text: &ItemText) -> Item {
    let time = NaiveTime::from_hms_opt(7 + (n % 9), (n * 7) % 60, 0).unwrap();
    let topic = lower_first(&title);
    let vars = [
        ("short_name", spec.short_name()),
        ("agency", spec.agency.as_str()),
        ("topic", &topic),
    ];
    let summary = fill(&text.summary, &vars);
    let paragraphs = std::iter::once(summary.clone())
        .chain(text.paragraphs.iter().map(|p| fill(p, &vars)))
        .collect();
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

/// The working week (Monday to Friday) that holds `day`: day n lists plans n and n + 1.
fn schedule(spec: &SiteSpec, plans: &[(String, String)], day: NaiveDate) -> Vec<ScheduleDay> {
    let monday = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
    (0..5_usize)
        .map(|i| ScheduleDay {
            date: monday + Duration::days(i as i64),
            entries: [i, i + 1]
                .iter()
                .map(|k| {
                    let (time, what) = &plans[k % plans.len()];
                    (time.clone(), by_kind(spec, what))
                })
                .collect(),
        })
        .collect()
}

/// The `n`th row of the documents table, issued on `issued`.
fn document(
    spec: &SiteSpec,
    (code, kind, subject, effect): &(String, String, String, i64),
    n: usize,
    issued: NaiveDate,
    as_of: NaiveDate,
) -> Document {
    let number = 120 - 7 * n as i64;
    Document {
        number: format!("{number}/{code}-{}", spec.doc_code),
        issued,
        effective: issued + Duration::days(*effect),
        // never after the day the site is looked at
        posted: spec.posting_lag_days.map(|d| (issued + Duration::days(d)).min(as_of)),
        summary: format!("{kind} {subject}"),
        file: format!("/uploads/van-ban/{}-{number}-{}.pdf", slug(code), issued.year()),
    }
}

fn footer(spec: &SiteSpec, text: &FooterText) -> Footer {
    let street = (10 + spec.seed * 4).to_string();
    let phone = format!("{:05}", 21_100 + spec.seed * 13);
    let fax = format!("{:05}", 21_199 + spec.seed * 13);
    let vars = [
        ("agency", spec.agency.as_str()),
        ("mail_domain", spec.mail_domain()),
        ("street", &street),
        ("phone_number", &phone),
        ("fax_number", &fax),
    ];
    Footer {
        owner: fill(&text.owner, &vars),
        responsible: fill(&text.responsible, &vars),
        address: fill(&text.address, &vars),
        phone: fill(&text.phone, &vars),
        fax: fill(&text.fax, &vars),
        email: fill(&text.email, &vars),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::site_of_unit;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn text_of(c: &Content, slug: &str) -> String {
        match &c.section(slug).unwrap().body {
            Body::Text(blocks) => blocks
                .iter()
                .map(|(h, ps)| format!("{h}\n{}\n", ps.join("\n")))
                .collect(),
            other => panic!("{slug}: not text: {other:?}"),
        }
    }

    #[test]
    fn a_district_gets_its_own_sections_and_words() {
        let mut spec = site_of_unit("ubnd-huyen-an-binh").unwrap().clone();
        spec.condition = Condition::MissingSections;
        let c = build(&spec, day(), vec![]);
        let slugs: Vec<_> = c.sections.iter().map(|s| s.slug.as_str()).collect();
        assert!(slugs.contains(&"dieu-kien-tu-nhien") && !slugs.contains(&"qua-trinh-hinh-thanh"));
        for gone in ["hoi-dap", "lich-cong-tac", "so-do-cong"] {
            assert!(!slugs.contains(&gone), "{gone}");
        }
        let leaders = text_of(&c, "lanh-dao");
        assert!(leaders.starts_with("Chủ tịch UBND: Lê Minh Khang\n"), "{leaders}");
        assert!(leaders.contains("Phó Chủ tịch UBND: Võ Quốc Trung") && !leaders.contains("Giám đốc"));
        let intro = text_of(&c, "gioi-thieu");
        assert!(
            intro.contains("UBND huyện An Bình là cơ quan hành chính nhà nước ở địa phương"),
            "{intro}"
        );
        assert!(!intro.contains("cơ quan chuyên môn"), "{intro}");
        assert!(text_of(&c, "dieu-kien-tu-nhien").contains("UBND huyện An Bình nằm ở phía đông"));
    }

    #[test]
    fn a_stale_department_dates_everything_back() {
        let mut spec = site_of_unit("so-tu-phap").unwrap().clone();
        let fresh = build(&spec, day(), vec![]);
        spec.condition = Condition::Stale;
        let stale = build(&spec, day(), vec![]);
        let newest = |c: &Content| c.all_items()[0].1.published.date();
        assert_eq!(day() - newest(&fresh), Duration::days(1));
        assert_eq!(day() - newest(&stale), Duration::days(STALE_NEWS_DAYS));
        let Body::Documents(docs) = &stale.section("van-ban").unwrap().body else {
            panic!("van-ban holds documents")
        };
        assert_eq!(day() - docs[0].issued, Duration::days(STALE_DOCUMENT_DAYS));
        assert_eq!(docs[0].number, "120/QĐ-STP");
        assert_eq!(docs[0].effective - docs[0].issued, Duration::days(10));
        let leaders = text_of(&stale, "lanh-dao");
        assert!(leaders.contains("Giám đốc: Lê Minh Khang") && leaders.contains("leminhkhang@stp.thunghiem.gov.vn"));
        assert_eq!(stale.footer.phone, "0256.3821126");
        let news = &stale.all_items()[0].1;
        assert!(
            news.summary.starts_with("(STP) - Sở Tư pháp thông tin về "),
            "{}",
            news.summary
        );
        assert!(!news.title.contains('{'), "{}", news.title);
    }
}
