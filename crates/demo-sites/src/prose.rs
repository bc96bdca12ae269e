//! The demo sites' prose (article titles, page texts, names, the district wording), read from
//! data/prose.toml, bundled in the crate and read once; the file's header explains its fields.
//!
//! Main items: [`prose`] and [`Prose`], with [`SectionText`] and [`BodyText`] for the menu's sections.

use crate::spec::UnitKind;
use serde::Deserialize;
use std::sync::LazyLock;

/// Everything data/prose.toml holds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prose {
    /// Places news titles mention (`{place}` in a title).
    pub places: Vec<String>,
    /// How a news title names its period (`{period}`), taken in turn: quarter, month, year.
    pub periods: Vec<String>,
    /// (department's word, district's word), replaced in this order on a district's site.
    pub district_words: Vec<(String, String)>,
    pub footer: FooterText,
    pub item: ItemText,
    /// The menu, in order.
    pub sections: Vec<SectionText>,
}

/// The footer's facts, as templates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FooterText {
    pub owner: String,
    pub responsible: String,
    pub address: String,
    pub phone: String,
    pub fax: String,
    pub email: String,
}

/// The summary and paragraphs of every news-like entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemText {
    pub summary: String,
    pub paragraphs: Vec<String>,
}

/// One section of the menu.
#[derive(Debug, Deserialize)]
pub struct SectionText {
    pub slug: String,
    pub title: String,
    /// Kept only on this kind of unit's site.
    #[serde(default)]
    pub only: Option<UnitKind>,
    /// Absent from a site with missing sections.
    #[serde(default)]
    pub optional: bool,
    #[serde(flatten)]
    pub body: BodyText,
}

/// What a section holds, by its `body` field.
#[derive(Debug, Deserialize)]
#[serde(tag = "body", rename_all = "lowercase")]
pub enum BodyText {
    Text {
        blocks: Vec<Block>,
    },
    Items {
        first: i64,
        step: i64,
        /// One entry per title when absent.
        count: Option<u32>,
        titles: Vec<String>,
    },
    Schedule {
        /// (time, what).
        plans: Vec<(String, String)>,
    },
    Documents {
        first: i64,
        step: i64,
        /// (code, kind, subject, days from issue to effect).
        documents: Vec<(String, String, String, i64)>,
    },
    Procedures {
        first: i64,
        step: i64,
        /// (name, level).
        procedures: Vec<(String, u8)>,
    },
    Form {
        fields: Vec<String>,
    },
    Sitemap,
}

/// A heading and its paragraphs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub heading: String,
    #[serde(default)]
    pub only: Option<UnitKind>,
    pub paragraphs: Vec<String>,
}

/// The bundled prose.
pub fn prose() -> &'static Prose {
    static PROSE: LazyLock<Prose> = LazyLock::new(|| {
        parse(include_str!("../data/prose.toml")).unwrap_or_else(|e| panic!("data/prose.toml (bundled): {e}"))
    });
    &PROSE
}

/// Reads and checks a prose file: what the generator takes in turn must not be empty.
fn parse(text: &str) -> Result<Prose, String> {
    let p: Prose = toml::from_str(text).map_err(|e| e.to_string())?;
    if p.places.is_empty() || p.periods.is_empty() {
        return Err("places and periods must not be empty".into());
    }
    for s in &p.sections {
        let empty = match &s.body {
            BodyText::Items { titles, .. } => titles.is_empty(),
            BodyText::Schedule { plans } => plans.is_empty(),
            _ => false,
        };
        if empty {
            return Err(format!("section {}: no titles or plans", s.slug));
        }
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_prose_reads() {
        let p = prose();
        assert_eq!(p.sections.first().map(|s| s.slug.as_str()), Some("gioi-thieu"));
        assert!(p.sections.iter().any(|s| s.slug == "hoi-dap" && s.optional));
        let news = p.sections.iter().find(|s| s.slug == "tin-tuc").unwrap();
        assert!(matches!(news.body, BodyText::Items { count: Some(14), .. }));
    }

    #[test]
    fn an_empty_list_is_named() {
        let text = "places = [\"x\"]\nperiods = [\"y\"]\ndistrict_words = []\n\
                    [footer]\nowner = \"\"\nresponsible = \"\"\naddress = \"\"\nphone = \"\"\nfax = \"\"\nemail = \"\"\n\
                    [item]\nsummary = \"\"\nparagraphs = []\n\
                    [[sections]]\nslug = \"tin\"\ntitle = \"Tin\"\nbody = \"items\"\nfirst = 1\nstep = 1\ntitles = []\n";
        assert_eq!(parse(text).unwrap_err(), "section tin: no titles or plans");
        let e = parse(&text.replace("body = \"items\"", "body = \"gallery\"")).unwrap_err();
        assert!(e.contains("gallery"), "{e}");
    }
}
