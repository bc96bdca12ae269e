//! The corpus inside the repository (tests/corpus): every real page has its provenance row and every
//! row its page; a site archive unpacks to the whole site, once, even when several unpackers race.
#[path = "support/corpus.rs"]
mod corpus_files;

use corpus_files::{corpus, corpus_root, unpack_once};
use std::path::{Path, PathBuf};

/// Every file under `dir`, relative to it, sorted.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.strip_prefix(dir).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_real_page_has_its_provenance_row() {
    let tsv = std::fs::read_to_string(corpus("real/SOURCES.tsv")).unwrap();
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("local_path\tsource_repo\tsource_path\tcommit\toriginal_url\tpage_kind")
    );
    let mut listed = Vec::new();
    for (i, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 6, "SOURCES.tsv row {}: {line}", i + 2);
        assert!(
            cols[3].len() == 40 && cols[3].bytes().all(|b| b.is_ascii_hexdigit()),
            "SOURCES.tsv row {}: commit {}",
            i + 2,
            cols[3]
        );
        let path = corpus_root().join(cols[0]);
        assert!(path.is_file(), "SOURCES.tsv row {}: no file {}", i + 2, path.display());
        listed.push(cols[0].trim_start_matches("real/").to_string());
    }
    listed.sort();
    let mut present = files_under(&corpus_root().join("real"));
    present.retain(|f| f != "SOURCES.tsv");
    assert_eq!(
        present, listed,
        "pages under tests/corpus/real and the rows of SOURCES.tsv"
    );
}

#[test]
fn racing_unpackers_share_one_whole_copy() {
    let base = tempfile::tempdir().unwrap();
    let archive = corpus_root().join("sites/nukeviet-demo/ubnd-nvdemo.gialai.gov.vn.tar.zst");
    let top = "ubnd-nvdemo.gialai.gov.vn";
    let dirs: Vec<PathBuf> = std::thread::scope(|s| {
        let racers: Vec<_> = (0..4)
            .map(|_| s.spawn(|| unpack_once(&archive, top, base.path())))
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    assert!(dirs.iter().all(|d| d == &dirs[0]), "{dirs:?}");
    let files = files_under(&dirs[0]);
    // The NukeViet README's count: 144 pages, 19 feeds, 8 sitemaps and robots.txt.
    assert_eq!(files.len(), 172);
    assert!(files.contains(&"robots.txt".to_string()));
    assert!(files.contains(&"index.html".to_string()));
    // One unpacked copy, no temporary folder left behind.
    let entries: Vec<_> = std::fs::read_dir(base.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(entries, vec![dirs[0].parent().unwrap().to_path_buf()]);
    // An unpacked copy is reused, not unpacked again.
    let marker = dirs[0].join("marker-left-by-the-test");
    std::fs::write(&marker, "x").unwrap();
    assert_eq!(unpack_once(&archive, top, base.path()), dirs[0]);
    assert!(marker.is_file());
}

#[test]
fn the_sotttt_mirror_is_whole() {
    let site = corpus("sites/sotttt.hanoi.gov.vn");
    let files = files_under(&site);
    assert_eq!(files.iter().filter(|f| f.ends_with(".html")).count(), 637);
    assert!(site.join("index.html").is_file());
    assert!(site.starts_with(env!("CARGO_TARGET_TMPDIR")), "{}", site.display());
    // A path inside an archive resolves through it too.
    assert_eq!(corpus("sites/sotttt.hanoi.gov.vn/index.html"), site.join("index.html"));
}

#[test]
#[should_panic(expected = "sites/nowhere.gov.vn: not in the corpus")]
fn a_missing_corpus_path_is_named() {
    corpus("sites/nowhere.gov.vn");
}
