//! Stored website audits: one row of `site_audits` per site and crawl run, holding the
//! [`SiteAudit`] as JSON beside the columns reports filter on (unit, points, profile).
//! Saving again for the same run and start URL replaces the earlier result.
//!
//! Entry points: [`save_audit`], [`load_audits`], and [`stored_text`] (a fetched page's stored copy,
//! for evaluators).

use super::{Store, now_text};
use crate::audit::model::SiteAudit;
use anyhow::{Context, Result};
use sqlx::Row;

/// Saves (or replaces) the audit of one site in crawl run `run_id`.
pub async fn save_audit(store: &Store, run_id: i64, unit_id: Option<&str>, audit: &SiteAudit) -> Result<()> {
    let json = serde_json::to_string(audit).context("không mã hóa được kết quả kiểm tra thành JSON")?;
    let mut tx = store
        .pool
        .begin()
        .await
        .context("không bắt đầu được giao dịch cơ sở dữ liệu")?;
    sqlx::query("DELETE FROM site_audits WHERE run_id = $1 AND start_url = $2")
        .bind(run_id)
        .bind(&audit.site)
        .execute(&mut *tx)
        .await
        .with_context(|| {
            format!(
                "không thay được kết quả kiểm tra của {} trong lượt {run_id}",
                audit.site
            )
        })?;
    sqlx::query(
        "INSERT INTO site_audits (run_id, unit_id, start_url, as_of, profile, points, max_points, result_json, audited_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(run_id)
    .bind(unit_id)
    .bind(&audit.site)
    .bind(audit.as_of.format("%Y-%m-%d").to_string())
    .bind(&audit.profile)
    .bind(audit.points)
    .bind(audit.max_points)
    .bind(json)
    .bind(now_text())
    .execute(&mut *tx)
    .await
    .with_context(|| format!("không lưu được kết quả kiểm tra của {} trong lượt {run_id}", audit.site))?;
    tx.commit()
        .await
        .context("không ghi hẳn được kết quả kiểm tra vào cơ sở dữ liệu")?;
    Ok(())
}

/// The audits of crawl run `run_id` with their unit ids, in the order they were saved.
pub async fn load_audits(store: &Store, run_id: i64) -> Result<Vec<(Option<String>, SiteAudit)>> {
    let rows = sqlx::query("SELECT id, unit_id, result_json FROM site_audits WHERE run_id = $1 ORDER BY id")
        .bind(run_id)
        .fetch_all(&store.pool)
        .await
        .with_context(|| format!("không đọc được các kết quả kiểm tra của lượt {run_id}"))?;
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let unit: Option<String> = r.try_get("unit_id")?;
            let json: String = r.try_get("result_json")?;
            let audit = serde_json::from_str(&json).with_context(|| {
                format!("site_audits dòng {id} (lượt {run_id}): result_json không phải kết quả kiểm tra hợp lệ")
            })?;
            Ok((unit, audit))
        })
        .collect()
}

/// The text of the page at `url` as run `run_id` stored it (its newest successful fetch, as the
/// request or the final address), for evaluators to read; None when the run kept no body for it.
pub async fn stored_text(store: &Store, run_id: i64, url: &str) -> Result<Option<String>> {
    let row = sqlx::query(
        "SELECT body_sha256, content_type FROM crawl_fetches
         WHERE run_id = $1 AND (url = $2 OR final_url = $2) AND body_sha256 IS NOT NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(run_id)
    .bind(url)
    .fetch_optional(&store.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let sha: String = row.try_get("body_sha256")?;
    let content_type: Option<String> = row.try_get("content_type")?;
    Ok(super::crawl::body(store, &sha)
        .await?
        .map(|b| crate::util::charset::decode(&b, content_type.as_deref()).text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::model::{CriterionResult, Evidence, NewsSummary, Outcome};
    use chrono::NaiveDate;

    fn sample(site: &str, points: f64) -> SiteAudit {
        SiteAudit {
            site: site.into(),
            as_of: NaiveDate::from_ymd_opt(2022, 8, 27).unwrap(),
            pages_fetched: 637,
            outcome: "ok".into(),
            profile: "liferay".into(),
            news: NewsSummary {
                latest: NaiveDate::from_ymd_opt(2022, 7, 27),
                items_last_30_days: 0,
                items_last_90_days: 7,
            },
            criteria: vec![CriterionResult {
                id: "tin_tuc".into(),
                outcome: Outcome::Partial,
                points,
                max_points: 15.0,
                latest_date: NaiveDate::from_ymd_opt(2022, 7, 27),
                confidence: 0.9,
                evidence: vec![Evidence {
                    url: format!("{site}bao-chi-xuat-ban.html"),
                    note: "mới nhất 27/07/2022".into(),
                }],
                needs_review: false,
            }],
            points,
            max_points: 15.0,
        }
    }

    #[tokio::test]
    async fn audits_round_trip_and_a_second_save_replaces_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
        let a = sample("http://sotttt.hanoi.gov.vn/", 5.0);
        let b = sample("http://ubnd-nvdemo.gialai.gov.vn/", 10.0);
        save_audit(&store, 1, Some("so-tttt"), &a).await.unwrap();
        save_audit(&store, 1, None, &b).await.unwrap();
        save_audit(&store, 2, Some("so-tttt"), &b).await.unwrap();
        let got = load_audits(&store, 1).await.unwrap();
        assert_eq!(got, vec![(Some("so-tttt".to_string()), a.clone()), (None, b.clone())]);
        let again = sample("http://sotttt.hanoi.gov.vn/", 15.0);
        save_audit(&store, 1, Some("so-tttt"), &again).await.unwrap();
        let got = load_audits(&store, 1).await.unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], (Some("so-tttt".to_string()), again));
        assert_eq!(load_audits(&store, 3).await.unwrap(), vec![]);
    }

    #[tokio::test]
    async fn a_corrupt_row_is_an_error_naming_the_row() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
        sqlx::query(
            "INSERT INTO site_audits (run_id, unit_id, start_url, as_of, profile, points, max_points, result_json, audited_at) \
             VALUES (7, NULL, 'http://x.gov.vn/', '2022-08-27', 'generic', 0, 0, '{\"site\":1}', '2022-08-27T00:00:00Z')",
        )
        .execute(&store.pool)
        .await
        .unwrap();
        let e = format!("{:#}", load_audits(&store, 7).await.unwrap_err());
        assert!(
            e.contains("site_audits dòng 1 (lượt 7): result_json không phải kết quả kiểm tra hợp lệ"),
            "{e}"
        );
    }
}
