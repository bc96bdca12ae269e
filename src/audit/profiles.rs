//! Selector profiles: one TOML file per CMS platform in `selectors/` saying how to recognise it
//! (generator meta, raw-HTML markers, CSS selectors, URL patterns) and where its menus, list items,
//! item dates and article dates are; per-host overrides in `selectors/sites/<host>.toml` add
//! selectors, force a profile or pin a section's URL. A site matching no profile uses the generic
//! heuristics (profile "generic"). The format is documented in `selectors/README.md`.
//!
//! Main types: [`Profiles`] (all loaded files), [`Profile`], [`SiteOverride`], [`Detected`].

use super::view::{SiteView, links};
use anyhow::{Context, Result, bail};
use scraper::Selector;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// How a platform is recognised.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detect {
    /// Substrings of `<meta name="generator">` (case-insensitive); a match is decisive.
    #[serde(default)]
    pub generator: Vec<String>,
    /// Substrings of the home page's raw HTML (class names, script paths, theme folders).
    #[serde(default)]
    pub markers: Vec<String>,
    /// CSS selectors whose presence on the home page points to the platform.
    #[serde(default)]
    pub selectors: Vec<String>,
    /// Substrings of link URLs on the home page ("/Pages/", "/-/view_content/").
    #[serde(default)]
    pub url_patterns: Vec<String>,
}

/// Where things are on the platform's pages; every list is tried in order.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Selectors {
    #[serde(default)]
    pub menu: Vec<String>,
    /// One element per item of a news/document list.
    #[serde(default)]
    pub list_item: Vec<String>,
    /// Inside a list item: the title link.
    #[serde(default)]
    pub item_title: Vec<String>,
    /// Inside a list item: the element holding its date.
    #[serde(default)]
    pub item_date: Vec<String>,
    /// On an article page: the element holding its publication date.
    #[serde(default)]
    pub article_date: Vec<String>,
    /// Links to further pages of a list.
    #[serde(default)]
    pub pagination: Vec<String>,
}

/// Compiled selector lists.
#[derive(Clone, Debug, Default)]
pub struct Compiled {
    /// The `list_item` selectors as written, for evidence.
    pub list_item_css: Vec<String>,
    pub menu: Vec<Selector>,
    pub list_item: Vec<Selector>,
    pub item_title: Vec<Selector>,
    pub item_date: Vec<Selector>,
    pub article_date: Vec<Selector>,
    pub pagination: Vec<Selector>,
}

/// One platform profile.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub detect: Detect,
    #[serde(default)]
    pub selectors: Selectors,
    #[serde(skip)]
    pub compiled: Compiled,
}

/// Settings for one host.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteOverride {
    pub host: String,
    /// Use this profile whatever the detection says.
    #[serde(default)]
    pub profile: Option<String>,
    /// Criterion id → URLs of its section (tried before any search).
    #[serde(default)]
    pub sections: BTreeMap<String, Vec<String>>,
    /// Selectors tried before the profile's.
    #[serde(default)]
    pub selectors: Selectors,
    #[serde(skip)]
    pub compiled: Compiled,
}

/// All profiles and site overrides.
#[derive(Clone, Debug, Default)]
pub struct Profiles {
    pub platforms: Vec<Profile>,
    pub sites: Vec<SiteOverride>,
}

/// The profile chosen for a site, with the fingerprints that chose it.
#[derive(Clone, Debug)]
pub struct Detected {
    /// "generic" when nothing matched.
    pub id: String,
    pub selectors: Compiled,
    pub sections: BTreeMap<String, Vec<String>>,
    pub evidence: Vec<String>,
}

fn compile(s: &Selectors, file: &str) -> Result<Compiled> {
    let list = |key: &str, v: &[String]| -> Result<Vec<Selector>> {
        v.iter()
            .map(|x| {
                Selector::parse(x)
                    .map_err(|e| anyhow::anyhow!("{file}: selectors.{key}: bộ chọn không hợp lệ {x:?}: {e:?}"))
            })
            .collect()
    };
    Ok(Compiled {
        list_item_css: s.list_item.clone(),
        menu: list("menu", &s.menu)?,
        list_item: list("list_item", &s.list_item)?,
        item_title: list("item_title", &s.item_title)?,
        item_date: list("item_date", &s.item_date)?,
        article_date: list("article_date", &s.article_date)?,
        pagination: list("pagination", &s.pagination)?,
    })
}

fn chain(a: &[Selector], b: &[Selector]) -> Vec<Selector> {
    a.iter().chain(b).cloned().collect()
}

/// The built-in profile files, so the library works without the `selectors/` folder.
const BUILTIN: &[(&str, &str)] = &[
    ("liferay.toml", include_str!("../../selectors/liferay.toml")),
    ("sharepoint.toml", include_str!("../../selectors/sharepoint.toml")),
    ("nukeviet.toml", include_str!("../../selectors/nukeviet.toml")),
    ("inet.toml", include_str!("../../selectors/inet.toml")),
    ("wordpress.toml", include_str!("../../selectors/wordpress.toml")),
    ("dotnetnuke.toml", include_str!("../../selectors/dotnetnuke.toml")),
];

impl Profiles {
    /// The profiles shipped in `selectors/` (compiled into the binary).
    pub fn builtin() -> Profiles {
        let mut p = Profiles::default();
        for (name, text) in BUILTIN {
            p.platforms
                .push(parse_profile(text, name).expect("built-in profile is valid"));
        }
        p
    }

    /// Loads `dir/*.toml` as platform profiles and `dir/sites/*.toml` as host overrides.
    pub fn load(dir: &Path) -> Result<Profiles> {
        let mut p = Profiles::default();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .with_context(|| format!("không đọc được thư mục hồ sơ bộ chọn {}", dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|f| f.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            let text = std::fs::read_to_string(&f).with_context(|| format!("không đọc được {}", f.display()))?;
            let prof = parse_profile(&text, &f.display().to_string())?;
            if p.platforms.iter().any(|q| q.id == prof.id) {
                bail!("{}: mã hồ sơ \"{}\" bị trùng", f.display(), prof.id);
            }
            p.platforms.push(prof);
        }
        let sites = dir.join("sites");
        if sites.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(&sites)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            files.sort();
            for f in files.into_iter().filter(|f| f.extension().is_some_and(|x| x == "toml")) {
                let text = std::fs::read_to_string(&f).with_context(|| format!("không đọc được {}", f.display()))?;
                let name = f.display().to_string();
                let mut o: SiteOverride =
                    toml::from_str(&text).map_err(|e| anyhow::anyhow!("{name}: {}", e.to_string().trim_end()))?;
                o.compiled = compile(&o.selectors, &name)?;
                if let Some(pid) = &o.profile
                    && !p.platforms.iter().any(|q| &q.id == pid)
                {
                    bail!("{name}: profile: không có hồ sơ \"{pid}\"");
                }
                p.sites.push(o);
            }
        }
        Ok(p)
    }

    /// Chooses the profile for a site from its home page, applying any host override.
    pub fn detect(&self, view: &SiteView) -> Detected {
        let host = view.host();
        let site = self.sites.iter().find(|s| s.host.trim_start_matches("www.") == host);
        let mut best: Option<(&Profile, u32, Vec<String>)> = None;
        if let Some(forced) = site.and_then(|s| s.profile.as_ref()) {
            best = self
                .platforms
                .iter()
                .find(|p| &p.id == forced)
                .map(|p| (p, 99, vec![format!("hồ sơ chỉ định cho {host}")]));
        }
        if best.is_none()
            && let Some(home) = view.home().filter(|h| h.text.is_some())
            && let Some(html) = view.html(home)
        {
            let raw = home.text.as_deref().unwrap_or("").to_ascii_lowercase();
            let generator: String = html
                .select(&super::view::sel(
                    "meta[name=generator], meta[name=Generator], meta[name=GENERATOR]",
                ))
                .filter_map(|m| m.attr("content"))
                .collect::<Vec<_>>()
                .join(" ")
                .to_ascii_lowercase();
            let hrefs: Vec<String> = links(&html, &home.final_url).into_iter().map(|l| l.url).collect();
            for p in &self.platforms {
                let mut score = 0;
                let mut ev = Vec::new();
                for g in &p.detect.generator {
                    if generator.contains(&g.to_ascii_lowercase()) {
                        score += 3;
                        ev.push(format!("meta generator \"{generator}\""));
                    }
                }
                for m in &p.detect.markers {
                    if raw.contains(&m.to_ascii_lowercase()) {
                        score += 1;
                        ev.push(format!("dấu hiệu \"{m}\""));
                    }
                }
                for s in &p.detect.selectors {
                    if let Ok(sel) = Selector::parse(s)
                        && html.select(&sel).next().is_some()
                    {
                        score += 1;
                        ev.push(format!("phần tử {s}"));
                    }
                }
                for u in &p.detect.url_patterns {
                    let u = u.to_ascii_lowercase();
                    if hrefs.iter().any(|h| h.to_ascii_lowercase().contains(&u)) {
                        score += 1;
                        ev.push(format!("đường dẫn chứa \"{u}\""));
                    }
                }
                if score >= 2 && best.as_ref().is_none_or(|b| score > b.1) {
                    best = Some((p, score, ev));
                }
            }
        }
        let mut d = match best {
            Some((p, _, ev)) => Detected {
                id: p.id.clone(),
                selectors: p.compiled.clone(),
                sections: BTreeMap::new(),
                evidence: ev,
            },
            None => Detected {
                id: "generic".into(),
                selectors: Compiled::default(),
                sections: BTreeMap::new(),
                evidence: vec![],
            },
        };
        if let Some(s) = site {
            let c = &s.compiled;
            d.selectors = Compiled {
                list_item_css: c
                    .list_item_css
                    .iter()
                    .chain(&d.selectors.list_item_css)
                    .cloned()
                    .collect(),
                menu: chain(&c.menu, &d.selectors.menu),
                list_item: chain(&c.list_item, &d.selectors.list_item),
                item_title: chain(&c.item_title, &d.selectors.item_title),
                item_date: chain(&c.item_date, &d.selectors.item_date),
                article_date: chain(&c.article_date, &d.selectors.article_date),
                pagination: chain(&c.pagination, &d.selectors.pagination),
            };
            d.sections = s.sections.clone();
            d.evidence.push(format!("cấu hình riêng cho {host}"));
        }
        d
    }
}

fn parse_profile(text: &str, file: &str) -> Result<Profile> {
    let mut p: Profile = toml::from_str(text).map_err(|e| anyhow::anyhow!("{file}: {}", e.to_string().trim_end()))?;
    p.compiled = compile(&p.selectors, file)?;
    for s in &p.detect.selectors {
        Selector::parse(s)
            .map_err(|e| anyhow::anyhow!("{file}: detect.selectors: bộ chọn không hợp lệ {s:?}: {e:?}"))?;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_profiles_load_and_a_bad_selector_names_file_and_key() {
        let p = Profiles::builtin();
        let ids: Vec<_> = p.platforms.iter().map(|p| p.id.as_str()).collect();
        for id in ["liferay", "sharepoint", "nukeviet", "inet", "wordpress", "dotnetnuke"] {
            assert!(ids.contains(&id), "{ids:?}");
        }
        let e = parse_profile(
            "id = \"x\"\nname = \"X\"\n[selectors]\nlist_item = [\"div[[\"]\n",
            "x.toml",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("x.toml: selectors.list_item: bộ chọn không hợp lệ"),
            "{e}"
        );
        let e = parse_profile("id = \"x\"\nname = \"X\"\nbogus = 1\n", "y.toml").unwrap_err();
        assert!(
            e.to_string().contains("y.toml") && e.to_string().contains("bogus"),
            "{e}"
        );
    }
}
