//! Spreadsheet reading: a CSV file or every sheet of an XLSX workbook (calamine) becomes [`Sheet`]s
//! of text cells, each cell able to say where it is ("sheet "Sở", row 5, column D"). A workbook's
//! number cells are written the Vietnamese way without thousands separators ("0,125") and marked as
//! typed: they need no reading rule, while a number typed as text does (see
//! [`crate::util::vnformat::read_number`]).

use anyhow::{Context, Result, bail};
use calamine::{Data, Reader, open_workbook_auto};
use std::collections::HashSet;
use std::path::Path;

/// One sheet of text cells; row 0 is the spreadsheet's row 1.
#[derive(Clone, Debug)]
pub struct Sheet {
    /// `None` for a CSV file.
    pub name: Option<String>,
    pub rows: Vec<Vec<String>>,
    /// (row, column) of the cells the workbook stores as numbers (none in a CSV file).
    pub numbers: HashSet<(usize, usize)>,
}

/// Reads a `.csv` or `.xlsx`/`.xls`/`.ods` file.
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "csv" | "txt" => read_csv(path),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path),
        _ => bail!(
            "{}: không hỗ trợ loại tệp \"{ext}\" (cần tệp .csv hoặc .xlsx)",
            path.display()
        ),
    }
}

fn read_csv(path: &Path) -> Result<Vec<Sheet>> {
    let bytes = std::fs::read(path).with_context(|| format!("không đọc được {}", path.display()))?;
    // Excel writes CSV with a BOM; strip it so the first header matches.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: không phải văn bản UTF-8 (byte {}): hãy lưu tệp CSV theo mã UTF-8",
            path.display(),
            e.valid_up_to()
        )
    })?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| anyhow::anyhow!("{}: dòng {}: {e}", path.display(), i + 1))?;
        rows.push(rec.iter().map(|s| s.trim().to_string()).collect());
    }
    Ok(vec![Sheet {
        name: None,
        rows,
        numbers: HashSet::new(),
    }])
}

fn read_workbook(path: &Path) -> Result<Vec<Sheet>> {
    let mut wb =
        open_workbook_auto(path).map_err(|e| anyhow::anyhow!("{}: không mở được bảng tính: {e}", path.display()))?;
    let mut out = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| anyhow::anyhow!("{}: trang tính \"{name}\": {e}", path.display()))?;
        // Keep spreadsheet row and column numbers: pad for a range that does not start at A1.
        let (r0, c0) = range.start().map(|(r, c)| (r as usize, c as usize)).unwrap_or((0, 0));
        let mut rows = vec![Vec::new(); r0];
        let mut numbers = HashSet::new();
        for row in range.rows() {
            let mut cells = vec![String::new(); c0];
            for d in row {
                if matches!(d, Data::Float(_) | Data::Int(_)) {
                    numbers.insert((rows.len(), cells.len()));
                }
                cells.push(cell_text(d));
            }
            rows.push(cells);
        }
        if rows.iter().any(|r| r.iter().any(|c| !c.is_empty())) {
            out.push(Sheet {
                name: Some(name),
                rows,
                numbers,
            });
        }
    }
    Ok(out)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => crate::util::vnformat::plain(*f),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "có" } else { "không" }.to_string(),
        other => other.to_string(),
    }
}

/// Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[cfg(test)]
mod tests {
    #[test]
    fn column_letters() {
        assert_eq!(super::column_letter(0), "A");
        assert_eq!(super::column_letter(3), "D");
        assert_eq!(super::column_letter(25), "Z");
        assert_eq!(super::column_letter(26), "AA");
        assert_eq!(super::column_letter(27), "AB");
    }
}
