//! One run at a time: [`RunLock`] holds an exclusive OS file lock for the life of a run, so a run
//! started while another is going (a timer firing during a slow crawl) refuses clearly instead of
//! crawling every site twice. The lock goes with the process, even when it is killed.

use anyhow::{Context, Result, bail};
use fs2::FileExt;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

/// An acquired run lock; released on drop.
#[derive(Debug)]
pub struct RunLock {
    file: File,
    pub path: PathBuf,
}

impl RunLock {
    /// Takes the lock at `path` or says who holds it.
    pub fn acquire(path: &Path) -> Result<RunLock> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).with_context(|| format!("không tạo được {}", parent.display()))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .with_context(|| format!("không mở được tệp khóa {}", path.display()))?;
        if file.try_lock_exclusive().is_err() {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            bail!(
                "another ictrank run is in progress ({}); lock file {}. Wait for it to finish.",
                holder.trim(),
                path.display()
            );
        }
        file.set_len(0)?;
        file.rewind()?;
        write!(
            file,
            "pid {}, started {}",
            std::process::id(),
            chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
        )?;
        file.flush()?;
        Ok(RunLock {
            file,
            path: path.to_path_buf(),
        })
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = FileExt::unlock(&self.file);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_run_refuses_while_the_first_holds_the_lock() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("runs/demo.lock");
        let first = RunLock::acquire(&path).unwrap();
        let e = RunLock::acquire(&path).unwrap_err().to_string();
        assert!(
            e.contains("another ictrank run is in progress") && e.contains(&format!("pid {}", std::process::id())),
            "{e}"
        );
        drop(first);
        RunLock::acquire(&path).unwrap();
    }
}
