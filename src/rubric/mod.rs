//! The rules as data: a [`Rubric`] loaded from a TOML file holds the unit kinds, the groups with their
//! maxima per kind and their criteria, the named rule types ([`rules::RuleType`]) those criteria use,
//! freshness windows, tiers and rounding. Another province, year or legal regime is another file.
//!
//! Loading validates the file and names the file and key of every problem (with the criterion's id
//! when it is about one): an unknown key anywhere, a group maximum that differs from the sum of its
//! criteria, an unknown rule type, an unknown check ([`checks::CheckName`]) or a marker set it does
//! not read, a role played twice, a duplicate id, a kind without maxima.

pub mod checks;
pub mod holidays;
pub mod rules;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

pub use checks::{CheckName, Role, Stage};
pub use rules::{Assessment, Family, Grade, Reading, RuleType, Score};

/// A unit kind (department, district, commune…): kinds are data, not an enum.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    pub id: String,
    /// Singular, e.g. "Sở, ban, ngành".
    pub name: String,
    /// As in table titles: "các sở, ban, ngành".
    pub plural: String,
    /// Id of the overall ranking table for this kind ("1", "2").
    pub overall_table: String,
}

/// A tier (mức): units whose percent is at least `min_percent` and below the next tier up.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub id: String,
    pub name: String,
    pub min_percent: f64,
}

/// A value given per unit kind, or one value for every kind.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum PerKind<T> {
    All(T),
    ByKind(BTreeMap<String, T>),
}

impl<T: Clone> PerKind<T> {
    pub fn get(&self, kind: &str) -> Option<T> {
        match self {
            PerKind::All(v) => Some(v.clone()),
            PerKind::ByKind(m) => m.get(kind).cloned(),
        }
    }
}

/// One criterion of a group.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    /// The name of a rule in the rubric's `[rules]` table.
    pub rule: String,
    /// Maximum points; defaults to the rule's top points.
    #[serde(default)]
    pub max: Option<PerKind<f64>>,
    /// Kinds this criterion applies to; all when absent.
    #[serde(default)]
    pub kinds: Option<Vec<String>>,
    /// Legal basis (article and point), for the scorecard.
    #[serde(default)]
    pub basis: Option<String>,
    /// How sure the legal basis is (text retrieved verbatim, known from secondary sources, or a
    /// reading); needs `basis`.
    #[serde(default)]
    pub basis_certainty: Option<Certainty>,
    /// How the criterion is decided: automatically, found by the audit and confirmed by a person,
    /// or declared. When absent it follows from the rule (declared rules and yes/no criteria
    /// without a check are declared, the rest automatic).
    #[serde(default)]
    pub mode: Option<Mode>,
    /// For a lag check: the most working days allowed between two dates (e.g. 5, Luật TCTT Đ18.4).
    #[serde(default)]
    pub max_working_days: Option<u32>,
    /// For a browser load-time check (first/largest contentful paint, full display, long tasks):
    /// the limit in milliseconds a sampled page must stay under (e.g. 3000 for the first paint).
    #[serde(default)]
    pub limit_ms: Option<u32>,
    /// Freshness windows in days (freshness rules).
    #[serde(default)]
    pub timely_days: Option<u32>,
    #[serde(default)]
    pub stale_days: Option<u32>,
    /// For freshness: items needed in the last 30 days to count as rich (e.g. news).
    #[serde(default)]
    pub rich_items_30d: Option<u32>,
    /// For ratio rules: the ratio (percent) that earns full points.
    #[serde(default)]
    pub threshold_percent: Option<f64>,
    /// Words that name this section in menus, links and headings (folded before matching).
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// URL path fragments that name this section (e.g. "hoi-dap").
    #[serde(default)]
    pub slugs: Vec<String>,
    /// For yes/no website criteria: the automatic check that decides it (without one the unit
    /// declares it).
    #[serde(default)]
    pub check: Option<CheckName>,
    /// Further words the check reads, by set (`markers.address`, `markers.inputs`…): which sets a
    /// check reads is in [`CheckName::markers`]. Text markers are folded before matching; markers
    /// of HTML attributes and URLs are compared in lower case.
    #[serde(default)]
    pub markers: BTreeMap<String, Vec<String>>,
    /// The part this criterion plays for the others (its items are the site's news…).
    #[serde(default)]
    pub role: Option<Role>,
    /// For content criteria: entries that make the section complete whatever its prose length.
    #[serde(default)]
    pub entries: Option<Entries>,
}

/// How sure a criterion's legal basis is (the spec's tags).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The article's text was retrieved and is quoted.
    Verbatim,
    /// Known from summaries, press or other secondary sources.
    Secondary,
    /// A reading of the texts, not stated by any source.
    Inferred,
}

impl Certainty {
    /// Vietnamese label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Verbatim => "nguyên văn",
            Certainty::Secondary => "nguồn thứ cấp",
            Certainty::Inferred => "suy luận",
        }
    }
}

/// How a criterion is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The audit decides it.
    Automatic,
    /// The audit finds candidates; a person confirms (every result goes to review).
    SemiAutomatic,
    /// The unit declares it (an evaluator may override).
    Declared,
}

impl Mode {
    /// Vietnamese label for reports.
    pub fn label(self) -> &'static str {
        match self {
            Mode::Automatic => "tự động",
            Mode::SemiAutomatic => "bán tự động (người xác nhận)",
            Mode::Declared => "đơn vị kê khai",
        }
    }
}

/// What a content criterion's section may list instead of prose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entries {
    /// People or offices, each with a phone number or an e-mail address (a directory).
    Contacts,
}

impl Criterion {
    pub fn applies_to(&self, kind: &str) -> bool {
        self.kinds.as_ref().is_none_or(|ks| ks.iter().any(|k| k == kind))
    }

    /// The marker set `set` (empty when absent; the loader makes sure a check's sets are present).
    pub fn markers(&self, set: &str) -> &[String] {
        self.markers.get(set).map_or(&[], Vec::as_slice)
    }
}

/// A group of criteria (nhóm tiêu chí).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    pub id: String,
    /// As numbered in the decision ("1", "3.1").
    pub number: String,
    pub name: String,
    /// Maximum points per kind.
    pub max: BTreeMap<String, f64>,
    /// Ranking table id per kind ("1.1", "2.1"); a kind without one gets no table for this group.
    #[serde(default)]
    pub tables: BTreeMap<String, String>,
    /// Other ids accepted for those tables ("1.3a" for "1.3").
    #[serde(default)]
    pub table_aliases: BTreeMap<String, String>,
    /// Units with this flag get no score in this group (e.g. "no_public_procedures").
    #[serde(default)]
    pub skipped_for_flag: Option<String>,
    /// Whether this group is checked on the unit's website by the audit.
    #[serde(default)]
    pub audited: bool,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
}

/// How a unit that has no website is scored. Having no site is its own state, neither a failing
/// site nor "could not verify" (Luật Tiếp cận thông tin Điều 19.6: having no site is not by itself
/// a breach). In the rubric:
///
/// ```toml
/// [no_website]
/// scoring = "not_applicable"   # the website group does not apply: ranked on the other groups,
///                              # out of the kind's maximum less the website group's
/// # scoring = "fixed"          # or: the website group gets `points` (e.g. 0)
/// # points = 0
/// basis = "Luật TCTT Điều 19.6"
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoWebsite {
    pub scoring: NoWebsiteScoring,
    /// The website group's points under `fixed` (only there).
    #[serde(default)]
    pub points: Option<f64>,
    /// The legal basis, for reports.
    #[serde(default)]
    pub basis: Option<String>,
}

/// The rule of [`NoWebsite`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoWebsiteScoring {
    /// The website group is left out: the unit's maximum is the kind's total less that group's,
    /// and it is ranked by its share of that maximum.
    NotApplicable,
    /// The website group gets the fixed `points`.
    Fixed,
}

/// A whole rubric.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rubric {
    pub id: String,
    pub title: String,
    #[serde(default = "default_decimals")]
    pub percent_decimals: usize,
    /// Units with this flag are ranked per group but get no overall rank.
    #[serde(default)]
    pub no_overall_flag: Option<String>,
    /// Below this confidence an automatic website score is flagged for review.
    #[serde(default = "default_review_confidence")]
    pub review_confidence: f64,
    /// How the year's monthly website scores make the annual one: "median", "mean", "last".
    #[serde(default = "default_annual")]
    pub website_annual: String,
    /// A website score moving by more than this between runs flags the unit for review.
    #[serde(default = "default_change_margin")]
    pub change_margin: f64,
    pub kinds: Vec<Kind>,
    pub tiers: Vec<Tier>,
    pub rules: BTreeMap<String, RuleType>,
    pub groups: Vec<Group>,
    /// How a unit without a website is scored (absent: the rubric does not say, and such a unit
    /// lacks the website group's points like any other missing group).
    #[serde(default)]
    pub no_website: Option<NoWebsite>,
    /// Where it was loaded from, for messages.
    #[serde(skip)]
    pub path: PathBuf,
}

/// The key a deserialisation error is about, with ids for the array entries that have one:
/// `groups[2].criteria[11].check` reads `groups.website.criteria.tim_kiem.check`.
fn key_of(text: &str, path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    let doc: Option<toml::Table> = text.parse().ok();
    let mut here: Option<toml::Value> = doc.map(toml::Value::Table);
    let mut key = String::new();
    for seg in path.iter() {
        match seg {
            Segment::Map { key: k } => {
                if !key.is_empty() {
                    key.push('.');
                }
                key.push_str(k);
                here = here.and_then(|v| v.get(k.as_str()).cloned());
            }
            Segment::Seq { index } => {
                let item = here.as_ref().and_then(|v| v.get(*index)).cloned();
                match item.as_ref().and_then(|v| v.get("id")).and_then(toml::Value::as_str) {
                    Some(id) => {
                        key.push('.');
                        key.push_str(id);
                    }
                    None => key.push_str(&format!("[{index}]")),
                }
                here = item;
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    (!key.is_empty()).then_some(key)
}

fn default_decimals() -> usize {
    2
}
fn default_review_confidence() -> f64 {
    0.6
}
fn default_annual() -> String {
    "median".into()
}
fn default_change_margin() -> f64 {
    45.0
}

/// The bundled default rubric's file name and text (Bình Định, 4158/QĐ-UBND as applied in 2017),
/// compiled in so that `audit-site` works from any folder.
pub const BUILTIN_NAME: &str = "data/rubrics/binh-dinh-4158-2015.toml";
const BUILTIN_TEXT: &str = include_str!("../../data/rubrics/binh-dinh-4158-2015.toml");

/// The current regime's rubric (NĐ 224/2026, from 01/7/2026), compiled in like the default one.
pub const CURRENT_NAME: &str = "data/rubrics/nd224-2026.toml";
const CURRENT_TEXT: &str = include_str!("../../data/rubrics/nd224-2026.toml");

/// The longest window the audit counts a list's items over (the last 30 and 90 days).
pub const COUNTED_WINDOW_DAYS: u32 = 90;
/// Days added to the longest window when lists are crawled, so an audit a few days after the crawl
/// (or a clock a day off) still has every item of its windows.
pub const LIST_WINDOW_MARGIN_DAYS: u32 = 7;
/// How far back lists are crawled when no rubric says otherwise.
pub const DEFAULT_LIST_WINDOW_DAYS: u32 = COUNTED_WINDOW_DAYS + LIST_WINDOW_MARGIN_DAYS;

impl Rubric {
    /// How far back, in days, the crawler reads a section's list: the longest window over which the
    /// audit *counts* items — the news counts over 30 and 90 days, and `rich_items_30d` over 30 days
    /// for the criteria that ask it — plus [`LIST_WINDOW_MARGIN_DAYS`]. A criterion's `timely_days`
    /// and `stale_days` (up to two years) judge only the newest item, which a list's first page
    /// shows: reading lists that far back would spend pages for nothing.
    pub fn list_window_days(&self) -> u32 {
        // every counting window (30 days for `rich_items_30d`, the news counts) lies within 90 days
        COUNTED_WINDOW_DAYS + LIST_WINDOW_MARGIN_DAYS
    }

    /// The bundled default rubric.
    pub fn builtin() -> Rubric {
        Self::parse(BUILTIN_TEXT, Path::new(BUILTIN_NAME)).expect("the bundled rubric is valid")
    }

    /// The bundled rubric of the current regime (NĐ 224/2026).
    pub fn current() -> Rubric {
        Self::parse(CURRENT_TEXT, Path::new(CURRENT_NAME)).expect("the bundled current-regime rubric is valid")
    }

    /// Loads and validates a rubric file.
    pub fn load(path: &Path) -> Result<Rubric> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("không đọc được bộ tiêu chí {}", path.display()))?;
        Self::parse(&text, path)
    }

    /// Parses and validates rubric text; `path` is used in messages.
    pub fn parse(text: &str, path: &Path) -> Result<Rubric> {
        let file = path.display();
        let syntax = |e: toml::de::Error| anyhow::anyhow!("{file}: {}", e.to_string().trim_end());
        let de = toml::de::Deserializer::parse(text).map_err(syntax)?;
        let mut rubric: Rubric = serde_path_to_error::deserialize(de).map_err(|e| {
            let key = key_of(text, e.path());
            let msg = e.inner().message().trim_end().to_string();
            match key {
                Some(key) => anyhow::anyhow!("{file}: {key}: {msg}"),
                None => anyhow::anyhow!("{file}: {msg}"),
            }
        })?;
        rubric.path = path.to_path_buf();
        rubric.validate()?;
        Ok(rubric)
    }

    fn validate(&self) -> Result<()> {
        let file = self.path.display();
        let mut seen = HashSet::new();
        for k in &self.kinds {
            if !seen.insert(format!("kind:{}", k.id)) {
                bail!("{file}: mã kinds.{} bị trùng", k.id);
            }
        }
        if self.tiers.is_empty() {
            bail!("{file}: chưa có mức xếp loại nào (tiers)");
        }
        for (i, g) in self.groups.iter().enumerate() {
            if !seen.insert(format!("group:{}", g.id)) {
                bail!("{file}: mã groups[{i}].id = \"{}\" bị trùng", g.id);
            }
            for k in &self.kinds {
                if !g.max.contains_key(&k.id) {
                    bail!(
                        "{file}: loại \"{}\" chưa có điểm tối đa trong groups.{}.max",
                        k.id,
                        g.id
                    );
                }
            }
            for kid in g.max.keys().chain(g.tables.keys()) {
                if self.kind(kid).is_none() {
                    bail!("{file}: groups.{} ghi loại không có: \"{kid}\"", g.id);
                }
            }
            for c in &g.criteria {
                let key = format!("groups.{}.criteria.{}", g.id, c.id);
                if !seen.insert(format!("criterion:{}", c.id)) {
                    bail!("{file}: mã {key} bị trùng");
                }
                let Some(rule) = self.rules.get(&c.rule) else {
                    bail!(
                        "{file}: {key}.rule: không có kiểu quy tắc \"{}\" (các kiểu có: {})",
                        c.rule,
                        self.rules.keys().cloned().collect::<Vec<_>>().join(", ")
                    );
                };
                rule.validate_criterion(c)
                    .map_err(|e| anyhow::anyhow!("{file}: {key}: {e}"))?;
                self.validate_check(c, &key)?;
                self.validate_mode(c, &key)?;
                if let Some(role) = c.role {
                    if !seen.insert(format!("role:{}", role.as_str())) {
                        bail!(
                            "{file}: {key}.role: vai trò \"{}\" đã thuộc về một tiêu chí khác",
                            role.as_str()
                        );
                    }
                    let fits = match role {
                        Role::News => rule.family() == Family::DatedSection,
                        Role::Documents => rule.assessment(c) == Assessment::Section,
                    };
                    if !fits {
                        bail!(
                            "{file}: {key}.role: vai trò \"{}\" cần một tiêu chí có chuyên mục được kiểm tra đọc{}",
                            role.as_str(),
                            if role == Role::News {
                                " theo ngày đăng (quy tắc về độ mới)"
                            } else {
                                ""
                            }
                        );
                    }
                }
                for kid in c.kinds.iter().flatten() {
                    if self.kind(kid).is_none() {
                        bail!("{file}: {key}.kinds ghi loại không có: \"{kid}\"");
                    }
                }
            }
            if !g.criteria.is_empty() {
                for k in &self.kinds {
                    let sum: f64 = g
                        .criteria
                        .iter()
                        .filter(|c| c.applies_to(&k.id))
                        .map(|c| self.criterion_max(c, &k.id))
                        .sum();
                    let max = g.max[&k.id];
                    if (sum - max).abs() > 1e-9 {
                        bail!(
                            "{file}: groups.{}.max.{} là {max} nhưng tổng điểm các tiêu chí của nhóm là {sum}",
                            g.id,
                            k.id
                        );
                    }
                }
            }
        }
        if let Some(nw) = &self.no_website {
            match (nw.scoring, nw.points) {
                (NoWebsiteScoring::Fixed, None) => {
                    bail!("{file}: no_website.points: cách tính \"fixed\" cần ghi số điểm")
                }
                (NoWebsiteScoring::NotApplicable, Some(_)) => {
                    bail!("{file}: no_website.points: chỉ cách tính \"fixed\" mới ghi số điểm")
                }
                _ => {}
            }
            let Some(web) = self.website_group() else {
                bail!(
                    "{file}: no_website: bộ tiêu chí không có nhóm về trang thông tin điện tử được kiểm tra (audited = true)"
                );
            };
            if let Some(p) = nw.points {
                for (kind, max) in &web.max {
                    if !(0.0..=*max).contains(&p) {
                        bail!(
                            "{file}: no_website.points: {p} nằm ngoài khoảng 0..{max} (groups.{}.max.{kind})",
                            web.id
                        );
                    }
                }
            }
        }
        for (name, rule) in &self.rules {
            rule.validate()
                .map_err(|e| anyhow::anyhow!("{file}: rules.{name}: {e}"))?;
        }
        for g in &self.groups {
            for c in &g.criteria {
                if let Some(role) = c.check.and_then(CheckName::needs_role)
                    && !self
                        .groups
                        .iter()
                        .flat_map(|g| &g.criteria)
                        .any(|x| x.role == Some(role))
                {
                    bail!(
                        "{file}: groups.{}.criteria.{}.check: phép kiểm tra \"{}\" cần một tiêu chí có role = \"{}\"",
                        g.id,
                        c.id,
                        c.check.map_or("", CheckName::as_str),
                        role.as_str()
                    );
                }
            }
        }
        Ok(())
    }

    /// A criterion's check and markers: a check on a yes/no rule only, every marker set it reads
    /// present, none it does not read, and synonyms when it reads them.
    fn validate_check(&self, c: &Criterion, key: &str) -> Result<()> {
        let file = self.path.display();
        let Some(check) = c.check else {
            if let Some(set) = c.markers.keys().next() {
                bail!(
                    "{file}: {key}.markers.{set}: dấu hiệu chỉ được một phép kiểm tra đọc, mà tiêu chí này không có phép kiểm tra nào"
                );
            }
            return Ok(());
        };
        if self.rule(c).family() != Family::YesNo {
            bail!(
                "{file}: {key}.check: phép kiểm tra chỉ quyết định tiêu chí có/không (quy tắc \"{}\")",
                c.rule
            );
        }
        let wanted = check.markers();
        for set in c.markers.keys() {
            if !wanted.contains(&set.as_str()) {
                bail!(
                    "{file}: {key}.markers.{set}: phép kiểm tra \"{}\" không đọc bộ dấu hiệu này (chỉ đọc: {})",
                    check.as_str(),
                    if wanted.is_empty() {
                        "không bộ nào".to_string()
                    } else {
                        wanted.join(", ")
                    }
                );
            }
        }
        for set in wanted {
            if c.markers(set).is_empty() {
                bail!(
                    "{file}: {key}.markers.{set}: phép kiểm tra \"{}\" cần bộ dấu hiệu này",
                    check.as_str()
                );
            }
        }
        if check.reads_synonyms() && c.synonyms.is_empty() {
            bail!(
                "{file}: {key}.synonyms: phép kiểm tra \"{}\" đọc các từ đồng nghĩa của tiêu chí; hãy ghi vài từ",
                check.as_str()
            );
        }
        Ok(())
    }

    /// A criterion's mode agrees with its rule (a declared criterion is not read by the audit and
    /// the reverse), its basis certainty comes with a basis, lag fields sit on a lag check and a
    /// load-time limit on a load-time check.
    fn validate_mode(&self, c: &Criterion, key: &str) -> Result<()> {
        let file = self.path.display();
        let assessed = self.assessment(c).is_automatic();
        match c.mode {
            Some(Mode::Declared) if assessed => bail!(
                "{file}: {key}.mode: \"declared\" nhưng kiểm tra tự động có đọc tiêu chí này (quy tắc \"{}\"{})",
                c.rule,
                c.check
                    .map(|k| format!(", phép kiểm tra \"{}\"", k.as_str()))
                    .unwrap_or_default()
            ),
            Some(m @ (Mode::Automatic | Mode::SemiAutomatic)) if !assessed => bail!(
                "{file}: {key}.mode: \"{}\" cần một chuyên mục được kiểm tra đọc hoặc một phép kiểm tra; tiêu chí này là tự khai báo",
                if m == Mode::Automatic {
                    "automatic"
                } else {
                    "semi_automatic"
                }
            ),
            _ => {}
        }
        if c.basis_certainty.is_some() && c.basis.is_none() {
            bail!("{file}: {key}.basis_certainty: không có căn cứ (basis) nào để ghi độ chắc chắn");
        }
        let lag = c.check == Some(CheckName::PublishingLag);
        match (lag, c.max_working_days) {
            (true, None) => {
                bail!(
                    "{file}: {key}.max_working_days: phép kiểm tra \"publishing_lag\" cần số ngày làm việc tối đa được phép"
                )
            }
            (false, Some(_)) => {
                bail!("{file}: {key}.max_working_days: chỉ phép kiểm tra \"publishing_lag\" mới đọc khóa này")
            }
            _ => {}
        }
        let timing = c.check.is_some_and(CheckName::is_load_time);
        match (timing, c.limit_ms) {
            (true, None | Some(0)) => bail!(
                "{file}: {key}.limit_ms: phép kiểm tra \"{}\" cần ngưỡng thời gian (mili giây, lớn hơn 0)",
                c.check.map_or("", CheckName::as_str)
            ),
            (false, Some(_)) => bail!(
                "{file}: {key}.limit_ms: chỉ các phép kiểm tra thời gian tải (first_contentful_paint, largest_contentful_paint, full_display_time, long_tasks) mới đọc khóa này"
            ),
            _ => {}
        }
        if lag && !c.threshold_percent.is_some_and(|t| t > 0.0 && t <= 100.0) {
            bail!(
                "{file}: {key}.threshold_percent: phép kiểm tra \"publishing_lag\" cần tỷ lệ văn bản đăng đúng hạn, trong khoảng (0, 100]"
            );
        }
        Ok(())
    }

    /// How a criterion is decided: its `mode`, else automatic when the audit reads it, declared otherwise.
    pub fn mode(&self, c: &Criterion) -> Mode {
        c.mode.unwrap_or(if self.assessment(c).is_automatic() {
            Mode::Automatic
        } else {
            Mode::Declared
        })
    }

    pub fn kind(&self, id: &str) -> Option<&Kind> {
        self.kinds.iter().find(|k| k.id == id)
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.id == id)
    }

    pub fn rule(&self, c: &Criterion) -> &RuleType {
        &self.rules[&c.rule]
    }

    /// How a criterion is assessed: the audit reads its section, runs its check, or the unit declares it.
    pub fn assessment(&self, c: &Criterion) -> Assessment {
        self.rule(c).assessment(c)
    }

    /// A criterion's maximum for a kind (its own `max`, else its rule's top points).
    pub fn criterion_max(&self, c: &Criterion, kind: &str) -> f64 {
        c.max
            .as_ref()
            .and_then(|m| m.get(kind))
            .unwrap_or_else(|| self.rule(c).top_points())
    }

    /// The group and criterion with id `criterion_id`.
    pub fn criterion(&self, criterion_id: &str) -> Option<(&Group, &Criterion)> {
        self.groups
            .iter()
            .find_map(|g| g.criteria.iter().find(|c| c.id == criterion_id).map(|c| (g, c)))
    }

    /// Maximum total points for a kind (sum over groups).
    pub fn total_max(&self, kind: &str) -> f64 {
        self.groups.iter().filter_map(|g| g.max.get(kind)).sum()
    }

    /// The audited website group, if the rubric has one.
    pub fn website_group(&self) -> Option<&Group> {
        self.groups.iter().find(|g| g.audited)
    }

    /// The tier of a percent.
    pub fn tier(&self, percent: f64) -> &Tier {
        self.tiers
            .iter()
            .filter(|t| percent + 1e-9 >= t.min_percent)
            .max_by(|a, b| a.min_percent.total_cmp(&b.min_percent))
            .unwrap_or_else(|| {
                self.tiers
                    .iter()
                    .min_by(|a, b| a.min_percent.total_cmp(&b.min_percent))
                    .unwrap()
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BD: &str = super::BUILTIN_TEXT;

    fn load(text: &str) -> Result<Rubric> {
        Rubric::parse(text, Path::new("test-rubric.toml"))
    }

    #[test]
    fn binh_dinh_rubric_loads_with_the_decisions_maxima() {
        let r = Rubric::builtin();
        assert_eq!(r.total_max("department"), 1380.0);
        assert_eq!(r.total_max("district"), 1450.0);
        let web = r.website_group().unwrap();
        assert_eq!(web.criteria.len(), 35);
        assert_eq!(web.max["district"], 525.0);
    }

    #[test]
    fn a_group_maximum_that_differs_from_its_criteria_is_an_error() {
        let bad = BD.replacen(
            "max = { department = 90, district = 105 }",
            "max = { department = 95, district = 105 }",
            1,
        );
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml") && e.contains("groups.infrastructure.max.department là 95"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_rule_type_is_an_error_naming_the_key() {
        let bad = BD.replacen("rule = \"percentage\"", "rule = \"percent\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("groups.infrastructure.criteria.ty_le_may_tinh.rule: không có kiểu quy tắc \"percent\""),
            "{e}"
        );
        let bad = BD.replacen("type = \"yes_no\"", "type = \"maybe\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(e.contains("test-rubric.toml") && e.contains("maybe"), "{e}");
    }

    #[test]
    fn directory_entries_are_for_content_criteria_only() {
        let r = Rubric::builtin();
        assert_eq!(r.criterion("danh_ba").unwrap().1.entries, Some(Entries::Contacts));
        let bad = BD.replacen("check = \"sitemap\"", "check = \"sitemap\"\nentries = \"contacts\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("criteria.so_do_site: khóa entries chỉ dành cho tiêu chí nội dung"),
            "{e}"
        );
        let bad = BD.replacen("entries = \"contacts\"", "entries = \"people\"", 1);
        let e = format!("{:#}", load(&bad).unwrap_err());
        assert!(e.contains("test-rubric.toml") && e.contains("people"), "{e}");
    }

    #[test]
    fn a_duplicate_id_is_an_error() {
        let bad = BD.replacen("id = \"ket_noi_internet\"", "id = \"ty_le_may_tinh\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("mã groups.infrastructure.criteria.ty_le_may_tinh bị trùng"),
            "{e}"
        );
    }

    #[test]
    fn a_kind_without_maxima_is_an_error() {
        let bad = BD.replacen(
            "max = { department = 150, district = 150 }",
            "max = { department = 150 }",
            1,
        );
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("loại \"district\" chưa có điểm tối đa trong groups.security.max"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_check_is_refused_naming_the_file_key_and_criterion() {
        let bad = BD.replacen("check = \"sitemap\"", "check = \"sitemapp\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.starts_with("test-rubric.toml: groups.website.criteria.so_do_site.check: ") && e.contains("sitemapp"),
            "{e}"
        );
        assert!(
            e.contains("`sitemap`") && e.contains("`dates_and_footer`"),
            "lists the known checks: {e}"
        );
    }

    #[test]
    fn an_unknown_key_is_refused_at_every_level() {
        // In a criterion, named by its id.
        let bad = BD.replacen("check = \"rss\"", "check = \"rss\"\nsynonym = [\"rss\"]", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml: groups.website.criteria.rss.synonym: unknown field `synonym`"),
            "{e}"
        );
        // In a group, at the top, in a rule, in a kind.
        let bad = BD.replacen("audited = true", "audited = true\naudit = true", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml: groups.website.audit: unknown field `audit`"),
            "{e}"
        );
        let bad = BD.replacen(
            "review_confidence = 0.6",
            "review_confidence = 0.6\nreview_confidance = 0.5",
            1,
        );
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml: review_confidance: unknown field `review_confidance`"),
            "{e}"
        );
        let bad = BD.replacen("yes = 15\nno = 0", "yes = 15\nno = 0\nmaybe = 5", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml: rules.yes_no: unknown field `maybe`"),
            "{e}"
        );
        let bad = BD.replacen("overall_table = \"1\"", "overall_table = \"1\"\nshort = \"Sở\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml: kinds.department.short: unknown field `short`"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_rule_type_in_the_rules_table_is_refused_naming_the_rule() {
        let bad = BD.replacen("type = \"status\"", "type = \"state\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("test-rubric.toml: rules.status") && e.contains("`state`"),
            "{e}"
        );
        assert!(e.contains("`freshness`"), "lists the known types: {e}");
    }

    #[test]
    fn marker_sets_are_those_the_check_reads() {
        // A misspelt set, a missing one, markers without a check.
        let bad = BD.replacen("markers.address = [", "markers.adress = [", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains(
                "groups.website.criteria.thong_tin_giao_dich.markers.adress: phép kiểm tra \"contact_details\" không đọc"
            ),
            "{e}"
        );
        let bad = BD.replacen("markers.domains = [\"gov.vn\"]", "", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains(
                "groups.website.criteria.ten_mien.markers.domains: phép kiểm tra \"gov_domain\" cần bộ dấu hiệu này"
            ),
            "{e}"
        );
        let bad = BD.replacen("rule = \"percentage\"", "rule = \"percentage\"\nmarkers.x = [\"y\"]", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("criteria.ty_le_may_tinh.markers.x: dấu hiệu chỉ được một phép kiểm tra đọc"),
            "{e}"
        );
        // A check on a rule that is not yes/no.
        let bad = BD.replacen("rule = \"percentage\"", "rule = \"percentage\"\ncheck = \"unicode\"", 1);
        let e = load(&bad).unwrap_err().to_string();
        assert!(
            e.contains("criteria.ty_le_may_tinh.check: phép kiểm tra chỉ quyết định tiêu chí có/không"),
            "{e}"
        );
    }

    #[test]
    fn roles_are_played_once_by_a_fitting_criterion() {
        let r = Rubric::builtin();
        let role = |role| {
            r.groups
                .iter()
                .flat_map(|g| &g.criteria)
                .filter(|c| c.role == Some(role))
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(role(Role::News), ["tin_tuc"]);
        assert_eq!(role(Role::Documents), ["van_ban"]);
        let twice = BD.replacen("role = \"documents\"", "role = \"news\"", 1);
        let e = load(&twice).unwrap_err().to_string();
        assert!(
            e.contains("criteria.van_ban.role: vai trò \"news\" đã thuộc về một tiêu chí khác"),
            "{e}"
        );
        let unfit =
            BD.replacen("role = \"news\"\n", "", 1)
                .replacen("check = \"rss\"", "check = \"rss\"\nrole = \"news\"", 1);
        let e = load(&unfit).unwrap_err().to_string();
        assert!(
            e.contains("criteria.rss.role: vai trò \"news\" cần một tiêu chí có chuyên mục"),
            "{e}"
        );
        let none = BD.replacen("role = \"news\"\n", "", 1);
        let e = load(&none).unwrap_err().to_string();
        assert!(
            e.contains(
                "criteria.ngay_dang_chan_trang.check: phép kiểm tra \"dates_and_footer\" cần một tiêu chí có role = \"news\""
            ),
            "{e}"
        );
        let unknown = BD.replacen("role = \"documents\"", "role = \"docs\"", 1);
        let e = load(&unknown).unwrap_err().to_string();
        assert!(e.contains("criteria.van_ban.role: ") && e.contains("`docs`"), "{e}");
    }

    #[test]
    fn the_current_regime_rubric_loads_with_both_kinds_and_every_criterion_s_basis() {
        let r = Rubric::current();
        assert!(r.kind("district").is_none(), "no district kind since 01/7/2025");
        assert!(r.kind("department").is_some() && r.kind("commune").is_some());
        let all: Vec<&Criterion> = r.groups.iter().flat_map(|g| &g.criteria).collect();
        // Every criterion of the spec's §9 table is here.
        for id in [
            "ten_mien_dung_quy_tac",
            "ipv6",
            "thanh_phan_cong_tinh",
            "https",
            "tuong_thich_di_dong",
            "ho_tro_nguoi_khuyet_tat",
            "danh_gia_hai_long_thong_tin",
            "hieu_nang_fcp",
            "hieu_nang_lcp",
            "hieu_nang_speed_index",
            "hieu_nang_tac_vu",
            "du_lieu_dac_ta",
            "so_do_co_cau_to_chuc",
            "lich_su_hinh_thanh",
            "to_chuc_bo_may",
            "ban_do_dia_gioi",
            "dieu_kien_tu_nhien_lich_su_van_hoa",
            "tieu_su_lanh_dao",
            "lien_he_dau_moi",
            "tthc_dvc_tich_hop",
            "chat_luong_dvctt_cong_khai",
            "van_ban_qppl",
            "pho_bien_phap_luat",
            "chien_luoc_ke_hoach",
            "dau_tu_cong_mua_sam",
            "bao_cao_tai_chinh_thong_ke",
            "danh_muc_thong_tin_cong_khai",
            "du_thao_lay_y_kien",
            "thoi_han_cong_khai",
            "lien_ket_co_quan_truc_thuoc",
            "nguoi_phat_ngon",
            "kenh_mxh_cong_bo",
            "thong_tin_bao_chi",
            "thong_bao_tam_ngung",
            "cap_do_attt",
            "ket_noi_emc",
            "tim_kiem",
            "tieng_anh",
        ] {
            assert!(all.iter().any(|c| c.id == id), "{id} is missing");
        }
        assert_eq!(all.len(), 38);
        for c in &all {
            assert!(
                c.basis.is_some() && c.basis_certainty.is_some() && c.mode.is_some(),
                "{}",
                c.id
            );
        }
        // Kinds, modes and certainty as the spec tags them.
        let get = |id: &str| r.criterion(id).unwrap().1;
        assert!(get("ban_do_dia_gioi").applies_to("commune") && !get("ban_do_dia_gioi").applies_to("department"));
        assert!(get("lich_su_hinh_thanh").applies_to("department") && !get("lich_su_hinh_thanh").applies_to("commune"));
        assert_eq!(r.mode(get("chat_luong_dvctt_cong_khai")), Mode::SemiAutomatic);
        assert_eq!(r.mode(get("cap_do_attt")), Mode::Declared);
        assert_eq!(r.mode(get("ten_mien_dung_quy_tac")), Mode::Automatic);
        assert_eq!(get("nguoi_phat_ngon").basis_certainty, Some(Certainty::Secondary));
        assert_eq!(get("https").basis_certainty, Some(Certainty::Inferred));
        assert_eq!(get("thoi_han_cong_khai").max_working_days, Some(5));
        // The weighting: verbatim 10, secondary 6, inferred 4, the English item shown for 0.
        assert_eq!(r.criterion_max(get("ipv6"), "commune"), 10.0);
        assert_eq!(r.criterion_max(get("nguoi_phat_ngon"), "commune"), 6.0);
        assert_eq!(r.criterion_max(get("tim_kiem"), "department"), 4.0);
        assert_eq!(r.criterion_max(get("tieng_anh"), "department"), 0.0);
        assert_eq!(r.total_max("department"), 292.0);
        assert_eq!(r.total_max("commune"), 302.0);
        // Every new check is named by some criterion.
        let named: Vec<CheckName> = all.iter().filter_map(|c| c.check).collect();
        for k in &CheckName::ALL[17..] {
            assert!(named.contains(k), "{} is not used", k.as_str());
        }
        // The old rubric knows nothing of modes: they follow from its rules.
        let bd = Rubric::builtin();
        assert_eq!(bd.mode(bd.criterion("tim_kiem").unwrap().1), Mode::Automatic);
        assert_eq!(bd.mode(bd.criterion("mang_lan").unwrap().1), Mode::Declared);
    }

    #[test]
    fn the_new_fields_are_checked_naming_the_key() {
        let text = CURRENT_TEXT;
        let e = load(&text.replacen("check = \"domain_pattern\"", "check = \"domain_patern\"", 1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("groups.website.criteria.ten_mien_dung_quy_tac.check: ") && e.contains("domain_patern"),
            "{e}"
        );
        let e = load(&text.replacen("basis_certainty = \"verbatim\"", "basis_certainty = \"sure\"", 1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("criteria.ten_mien_dung_quy_tac.basis_certainty: ") && e.contains("`secondary`"),
            "{e}"
        );
        let e = load(&text.replacen("mode = \"automatic\"", "mode = \"auto\"", 1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("criteria.ten_mien_dung_quy_tac.mode: ") && e.contains("`semi_automatic`"),
            "{e}"
        );
        let e = load(&text.replacen(
            "max = 10\ncheck = \"ipv6\"",
            "max = 10\ncheck = \"ipv6\"\nmod = \"x\"",
            1,
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("criteria.ipv6.mod: unknown field `mod`"), "{e}");
        // A declared mode on a criterion the audit reads, and the reverse.
        let e = load(&text.replacen("mode = \"automatic\"", "mode = \"declared\"", 1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("criteria.ten_mien_dung_quy_tac.mode: \"declared\" nhưng kiểm tra tự động có đọc"),
            "{e}"
        );
        let e = load(&text.replacen("mode = \"declared\"", "mode = \"automatic\"", 1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("criteria.thong_bao_tam_ngung.mode: \"automatic\" cần một chuyên mục"),
            "{e}"
        );
        // The lag check needs its limit.
        let e = load(&text.replacen("max_working_days = 5\n", "", 1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("criteria.thoi_han_cong_khai.max_working_days: "), "{e}");
        // A load-time check needs its limit, a number of milliseconds, and only it reads one.
        let lcp = load(text).unwrap().criterion("hieu_nang_lcp").unwrap().1.limit_ms;
        assert_eq!(lcp, Some(4000));
        let e = load(&text.replacen("limit_ms = 3000\n", "", 1))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("test-rubric.toml: ")
                && e.contains("criteria.hieu_nang_fcp.limit_ms: phép kiểm tra \"first_contentful_paint\" cần ngưỡng"),
            "{e}"
        );
        let e = load(&text.replacen("limit_ms = 3000", "limit_ms = \"3 giây\"", 1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("test-rubric.toml: ") && e.contains("limit_ms"), "{e}");
        let e = load(&text.replacen(
            "check = \"mobile_layout\"",
            "check = \"mobile_layout\"\nlimit_ms = 1",
            1,
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains(".limit_ms: chỉ các phép kiểm tra thời gian tải"), "{e}");
        // Group maxima are the sums of the criteria per kind.
        let e = load(&text.replacen(
            "max = { department = 270, commune = 280 }",
            "max = { department = 270, commune = 270 }",
            1,
        ))
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("groups.website.max.commune là 270 nhưng tổng điểm các tiêu chí của nhóm là 280"),
            "{e}"
        );
    }

    #[test]
    fn tiers_follow_the_decision() {
        let r = load(BD).unwrap();
        assert_eq!(r.tier(80.0).id, "tot");
        assert_eq!(r.tier(79.99).id, "kha");
        assert_eq!(r.tier(60.0).id, "kha");
        assert_eq!(r.tier(59.99).id, "trung_binh");
        assert_eq!(r.tier(0.0).id, "trung_binh");
    }
}
