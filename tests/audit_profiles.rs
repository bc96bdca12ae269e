//! Platform detection from fingerprints (generator meta, markers, selectors, URL patterns), the
//! generic fallback, per-host overrides loaded from a folder, and their errors.
#[path = "support/mirror.rs"]
mod mirror;

use ictrank::audit::Profiles;
use ictrank::audit::view::SiteView;
use ictrank::snapshot::PageRole;
use std::path::PathBuf;

fn write(dir: &std::path::Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn detect_html(url: &str, html: &str, profiles: &Profiles) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "home.html", html);
    let snap = mirror::snapshot_of(&[(url, f, PageRole::Home)], mirror::at(2024, 1, 1, 0));
    profiles
        .detect(&SiteView::new(
            &snap,
            ictrank::util::time::vietnam_date(snap.crawled_at),
        ))
        .id
}

#[test]
fn platforms_are_recognised_by_their_fingerprints() {
    let p = Profiles::builtin();
    let ncov = mirror::snapshot_of(
        &[(
            "https://ncov.moh.gov.vn/",
            mirror::corpus("real/ncov.moh.gov.vn/article-6848045-2.html"),
            PageRole::Home,
        )],
        mirror::at(2021, 1, 1, 0),
    );
    assert_eq!(
        p.detect(&SiteView::new(
            &ncov,
            ictrank::util::time::vietnam_date(ncov.crawled_at)
        ))
        .id,
        "liferay",
        "Liferay 7.3"
    );
    let nv = r#"<html><head><meta name="generator" content="NukeViet v4.4"></head><body></body></html>"#;
    assert_eq!(detect_html("http://xa.gov.vn/", nv, &p), "nukeviet");
    let sp = r#"<html><head><link href="/_layouts/15/core.css"></head><body><div id="s4-workspace"><a href="/Trang/TinTuc.aspx">Tin tức</a></div></body></html>"#;
    assert_eq!(
        detect_html("http://so.gov.vn/", sp, &p),
        "sharepoint",
        "SharePoint with /Trang/ pages"
    );
    let wp = r#"<html><head><meta name="generator" content="WordPress 6.4"></head><body></body></html>"#;
    assert_eq!(detect_html("http://x.gov.vn/", wp, &p), "wordpress");
    let dnn = r#"<html><body><div id="dnn_ctr123" class="DnnModule"><a href="/tabid/55/Default.aspx">Tin</a></div><script src="/DesktopModules/x.js"></script></body></html>"#;
    assert_eq!(detect_html("http://x.gov.vn/", dnn, &p), "dotnetnuke");
    // One weak hint (an .aspx link) is not enough: generic.
    let plain = r#"<html><body><a href="/tin-tuc.aspx">Tin tức</a></body></html>"#;
    assert_eq!(detect_html("http://x.gov.vn/", plain, &p), "generic");
}

#[test]
fn a_profile_folder_with_site_overrides_loads_and_its_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "mycms.toml",
        "id = \"mycms\"\nname = \"My CMS\"\n[detect]\nmarkers = [\"mycms-a\", \"mycms-b\"]\n",
    );
    write(
        dir.path(),
        "sites/so.example.gov.vn.toml",
        "host = \"so.example.gov.vn\"\nprofile = \"mycms\"\n[sections]\ntin_tuc = [\"http://so.example.gov.vn/bao-chi\"]\n",
    );
    let p = Profiles::load(dir.path()).unwrap();
    let html = "<html><body><p>no fingerprints</p></body></html>";
    assert_eq!(
        detect_html("http://www.so.example.gov.vn/", html, &p),
        "mycms",
        "forced by the host override"
    );
    assert_eq!(detect_html("http://khac.gov.vn/", html, &p), "generic");
    assert_eq!(
        detect_html(
            "http://khac.gov.vn/",
            "<html><body class='mycms-a mycms-b'></body></html>",
            &p
        ),
        "mycms"
    );

    write(dir.path(), "sites/bad.toml", "host = \"bad\"\nprofile = \"nope\"\n");
    let e = Profiles::load(dir.path()).unwrap_err().to_string();
    assert!(e.contains("bad.toml") && e.contains("không có hồ sơ \"nope\""), "{e}");
    std::fs::remove_file(dir.path().join("sites/bad.toml")).unwrap();
    write(
        dir.path(),
        "broken.toml",
        "id = \"b\"\nname = \"B\"\n[selectors]\nitem_date = [\"a[\"]\n",
    );
    let e = Profiles::load(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("broken.toml: selectors.item_date: bộ chọn không hợp lệ"),
        "{e}"
    );
}

#[test]
fn the_shipped_selectors_folder_matches_the_builtin_profiles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("selectors");
    let loaded = Profiles::load(&dir).unwrap();
    let mut a: Vec<_> = loaded.platforms.iter().map(|p| p.id.clone()).collect();
    let mut b: Vec<_> = Profiles::builtin().platforms.iter().map(|p| p.id.clone()).collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
}
