//! Test support: the corpus of real pages inside the repository (`tests/corpus`, provenance in its
//! README). [`corpus`] maps a corpus path to a file: single pages and notes are plain files; a whole
//! site is stored as `<path>.tar.zst` and unpacked once into the target directory
//! (`$CARGO_TARGET_TMPDIR/corpus/`), shared by every test process and thread. Used by the
//! integration tests and the audit benchmark, directly or through `mirror.rs` and `support/mod.rs`.
#![allow(dead_code)]

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// The corpus folder of the repository.
pub fn corpus_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus"))
}

/// The file or folder at `rel` in the corpus, e.g. `real/chinhphu.vn/root-commoncrawl-2018-13.html`,
/// `sites/nukeviet-demo/LABELS.json` or `sites/sotttt.hanoi.gov.vn` (a folder inside an archive,
/// unpacked on first use). Panics, naming the path, when the corpus has no such entry.
pub fn corpus(rel: &str) -> PathBuf {
    let plain = corpus_root().join(rel);
    if plain.exists() {
        return plain;
    }
    // The longest prefix of `rel` that has an archive: `a/b/c` looks for `a/b/c.tar.zst`, then `a/b.tar.zst`…
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    for n in (1..=parts.len()).rev() {
        let prefix = parts[..n].join("/");
        let archive = corpus_root().join(format!("{prefix}.tar.zst"));
        if archive.is_file() {
            let found = unpacked(&archive, parts[n - 1]).join(parts[n..].join("/"));
            assert!(found.exists(), "{rel}: not in the corpus archive {}", archive.display());
            return found;
        }
    }
    panic!(
        "{rel}: not in the corpus {} (no such file, folder or archive)",
        corpus_root().display()
    );
}

/// The folder `top` unpacked from `archive`, unpacking it first unless an earlier test (in this
/// process or another) already did.
fn unpacked(archive: &Path, top: &str) -> PathBuf {
    static DONE: OnceLock<Mutex<HashMap<PathBuf, PathBuf>>> = OnceLock::new();
    // One thread of this process unpacks a given archive; the others wait for it here.
    let mut done = DONE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    if let Some(dir) = done.get(archive) {
        return dir.clone();
    }
    let dir = unpack_once(archive, top, &Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus"));
    done.insert(archive.to_path_buf(), dir.clone());
    dir
}

/// The folder `top` of `archive` unpacked under `base`, in a folder named after the archive's
/// content, so a changed archive is unpacked afresh and an unchanged one never again. Safe when
/// several processes call it at once: each unpacks into a temporary folder beside the final one
/// and renames it; the first rename wins, the others drop their copy.
pub fn unpack_once(archive: &Path, top: &str, base: &Path) -> PathBuf {
    let bytes = std::fs::read(archive).unwrap_or_else(|e| panic!("{}: {e}", archive.display()));
    let hash = hex::encode(Sha256::digest(&bytes));
    let dir = base.join(format!("{top}-{}", &hash[..16]));
    if !dir.join(top).is_dir() {
        std::fs::create_dir_all(base).unwrap_or_else(|e| panic!("{}: {e}", base.display()));
        let tmp = tempfile::Builder::new()
            .prefix(".unpacking-")
            .tempdir_in(base)
            .unwrap_or_else(|e| panic!("{}: {e}", base.display()));
        let decoder = zstd::Decoder::new(bytes.as_slice()).unwrap_or_else(|e| panic!("{}: {e}", archive.display()));
        tar::Archive::new(decoder).unpack(tmp.path()).unwrap_or_else(|e| {
            panic!(
                "{}: cannot unpack into {}: {e}",
                archive.display(),
                tmp.path().display()
            )
        });
        assert!(
            tmp.path().join(top).is_dir(),
            "{}: the archive has no top folder {top}",
            archive.display()
        );
        let tmp = tmp.keep();
        if let Err(e) = std::fs::rename(&tmp, &dir) {
            // Another process renamed its copy first: use that one and drop ours.
            let _ = std::fs::remove_dir_all(&tmp);
            assert!(dir.join(top).is_dir(), "{}: {e}", dir.display());
        }
    }
    dir.join(top)
}
