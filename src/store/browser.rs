//! Stored browser findings: one row of `browser_findings` per site and crawl run, holding the
//! [`SiteFindings`] as JSON. Saving again for the same run and start URL replaces the earlier row.
//!
//! Entry points: [`save_findings`], [`load_findings`].

use super::Store;
use crate::browser::findings::SiteFindings;
use anyhow::{Context, Result};
use sqlx::Row;

/// Saves (or replaces) the browser findings of one site in crawl run `run_id`.
pub async fn save_findings(store: &Store, run_id: i64, start_url: &str, f: &SiteFindings) -> Result<()> {
    let json = serde_json::to_string(f).context("không mã hóa được kết quả của trình duyệt thành JSON")?;
    let mut tx = store
        .pool
        .begin()
        .await
        .context("không bắt đầu được giao dịch cơ sở dữ liệu")?;
    sqlx::query("DELETE FROM browser_findings WHERE run_id = $1 AND start_url = $2")
        .bind(run_id)
        .bind(start_url)
        .execute(&mut *tx)
        .await
        .with_context(|| format!("không thay được kết quả của trình duyệt cho {start_url} trong lượt {run_id}"))?;
    sqlx::query("INSERT INTO browser_findings (run_id, start_url, findings_json) VALUES ($1, $2, $3)")
        .bind(run_id)
        .bind(start_url)
        .bind(json)
        .execute(&mut *tx)
        .await
        .with_context(|| format!("không lưu được kết quả của trình duyệt cho {start_url} trong lượt {run_id}"))?;
    tx.commit()
        .await
        .context("không ghi hẳn được kết quả của trình duyệt vào cơ sở dữ liệu")?;
    Ok(())
}

/// The browser findings of one site of run `run_id`, when the browser stage ran on it.
pub async fn load_findings(store: &Store, run_id: i64, start_url: &str) -> Result<Option<SiteFindings>> {
    let row = sqlx::query("SELECT findings_json FROM browser_findings WHERE run_id = $1 AND start_url = $2")
        .bind(run_id)
        .bind(start_url)
        .fetch_optional(&store.pool)
        .await
        .with_context(|| format!("không đọc được kết quả của trình duyệt cho {start_url} trong lượt {run_id}"))?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get("findings_json")?;
    let f = serde_json::from_str(&json).with_context(|| {
        format!("browser_findings của {start_url} (lượt {run_id}): findings_json không phải kết quả trình duyệt hợp lệ")
    })?;
    Ok(Some(f))
}
