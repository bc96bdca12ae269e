//! Ranking rows as JSON: an array of objects with exactly the keys of [`KEYS`]; `tier` is a tier id
//! ("tot", "kha", "trung_binh") and `previous_rank` is null when the unit had none.
//!
//! Main function: [`rows_json`].

use crate::rank::Row;
use serde_json::{Value, json};

/// The keys of every row object.
pub const KEYS: [&str; 9] = [
    "table",
    "unit_id",
    "agency",
    "points",
    "max_points",
    "percent",
    "rank",
    "previous_rank",
    "tier",
];

/// The rows as a JSON array.
pub fn rows_json<'a>(rows: impl Iterator<Item = &'a Row>) -> Value {
    Value::Array(
        rows.map(|r| {
            json!({
                "table": r.table,
                "unit_id": r.unit_id,
                "agency": r.agency,
                "points": r.points,
                "max_points": r.max_points,
                "percent": r.percent,
                "rank": r.rank,
                "previous_rank": r.previous_rank,
                "tier": r.tier,
            })
        })
        .collect(),
    )
}
