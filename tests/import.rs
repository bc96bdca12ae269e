//! Declared data import: CSV and XLSX, both layouts, every kind of error, and all-or-nothing storage
//! on SQLite and PostgreSQL.

mod support;

use ictrank::declared::{DeclaredSet, Target};
use ictrank::pipeline::declared;
use ictrank::rank;
use ictrank::store::Store;
use std::path::Path;
use support::*;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

const ANSWERS: &str = "unit_id,criterion,answer\n\
so-y-te,ty_le_may_tinh,85%\n\
so-y-te,ket_noi_internet,\"79,5\"\n\
so-y-te,mang_lan,có\n\
so-y-te,mang_chuyen_dung,không\n\
so-y-te,may_chu_sao_luu,Có\n\
so-y-te,hoi_nghi_truyen_hinh,co\n";

#[tokio::test]
async fn raw_answers_are_scored_by_the_rubric_and_change_the_ranking() {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    let file = write(dir.path(), "answers.csv", ANSWERS);
    let s = declared::import_file(&store, &eval, &file).await.unwrap();
    assert_eq!((s.values, s.units), (6, 1));
    let set = declared::load_all(&eval, &store).await.unwrap();
    // 15 + 10 + 15 + 0 + 15 + 15: the import replaces the published 75 of Sở Y tế's group 1.
    let gp = set.group_points(&eval, "so-y-te");
    assert_eq!(gp["infrastructure"].points, 70.0);
    assert_eq!(
        set.criterion("so-y-te", "ket_noi_internet").unwrap().raw.as_deref(),
        Some("79,5")
    );
    let ranking = rank::rank(&eval, &rank::points_from_declared(&eval, &set));
    let row = ranking
        .table("1.1")
        .unwrap()
        .rows
        .iter()
        .find(|r| r.unit_id == "so-y-te")
        .unwrap()
        .clone();
    assert_eq!((row.points, row.rank, row.tier.as_str()), (70.0, 2, "kha"));
}

#[tokio::test]
async fn group_points_in_a_wide_xlsx_sheet_are_imported() {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    let path = dir.path().join("diem.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Huyện").unwrap();
    for (c, h) in [
        "STT",
        "Đơn vị",
        "security",
        "Cơ chế chính sách và quy định thúc đẩy ứng dụng CNTT",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_string(1, 1, "UBND huyện Vân Canh").unwrap();
    ws.write_number(1, 2, 135).unwrap();
    ws.write_number(1, 3, 90).unwrap();
    wb.save(&path).unwrap();
    declared::import_file(&store, &eval, &path).await.unwrap();
    let set = declared::load_all(&eval, &store).await.unwrap();
    let gp = set.group_points(&eval, "ubnd-huyen-van-canh");
    assert_eq!((gp["security"].points, gp["policy"].points), (135.0, 90.0));
    assert_eq!(gp["security"].source, "diem.xlsx");
    let ranking = rank::rank(&eval, &rank::points_from_declared(&eval, &set));
    let total = ranking
        .table("2")
        .unwrap()
        .rows
        .iter()
        .find(|r| r.unit_id == "ubnd-huyen-van-canh")
        .unwrap()
        .points;
    assert_eq!(total, 435.0 + 120.0 + 45.0);
}

async fn import_err(text: &str, name: &str) -> (String, Store, tempfile::TempDir) {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    let file = write(dir.path(), name, text);
    let e = declared::import_file(&store, &eval, &file).await.unwrap_err();
    (format!("{e:#}"), store, dir)
}

async fn stored_values(store: &Store) -> usize {
    declared::load_all(&evaluation_2016(), store)
        .await
        .unwrap()
        .values
        .len()
        - DeclaredSet::from_evaluation_files(&evaluation_2016())
            .unwrap()
            .values
            .len()
}

#[tokio::test]
async fn each_error_names_file_row_column_and_what_was_expected_and_nothing_is_stored() {
    let text = "unit_id,criterion,answer\n\
so-y-te,ty_le_may_tinh,85%\n\
Sở Không Có,mang_lan,có\n\
so-y-te,mang_lan,có lẽ\n\
so-y-te,ty_le_may_tinh,120\n\
so-y-te,khong_co_tieu_chi,có\n\
so-y-te,ty_le_may_tinh,90\n\
so-y-te,mang_chuyen_dung,\n\
ubnd-huyen-an-lao,ha_tang_cap_xa,90\n\
so-y-te,ha_tang_cap_xa,90\n";
    let (e, store, _d) = import_err(text, "bad.csv").await;
    assert!(e.contains("bad.csv: 7 lỗi; chưa nhập gì"), "{e}");
    assert!(
        e.contains("dòng 3, cột A (unit_id): không có đơn vị \"Sở Không Có\""),
        "{e}"
    );
    assert!(
        e.contains("dòng 4, cột C (answer): tiêu chí mang_lan: cần \"có\" hoặc \"không\", nhưng lại là \"có lẽ\""),
        "{e}"
    );
    assert!(
        e.contains(
            "dòng 5, cột C (answer): tiêu chí ty_le_may_tinh: cần một tỉ lệ phần trăm từ 0 đến 100, nhưng lại là 120"
        ),
        "{e}"
    );
    assert!(
        e.contains("dòng 6, cột B (criterion): không có nhóm hoặc tiêu chí \"khong_co_tieu_chi\""),
        "{e}"
    );
    assert!(
        e.contains(
            "dòng 7, cột C (answer): đơn vị so-y-te đã có giá trị cho tiêu chí ty_le_may_tinh ở dòng 2, cột C (answer)"
        ),
        "{e}"
    );
    assert!(e.contains("dòng 8, cột C (answer): giá trị trống"), "{e}");
    assert!(
        e.contains("dòng 10, cột C (answer): tiêu chí ha_tang_cap_xa không áp dụng cho loại department"),
        "{e}"
    );
    assert_eq!(stored_values(&store).await, 0);
}

#[tokio::test]
async fn group_points_out_of_range_and_flagged_units_are_errors() {
    let text = "unit_id,group,points\nso-y-te,infrastructure,95\nvan-phong-ubnd-tinh,online_services,20\nban-dan-toc,policy,abc\n";
    let (e, store, _d) = import_err(text, "groups.csv").await;
    assert!(
        e.contains("dòng 2, cột C (points): nhóm infrastructure cần số điểm từ 0 đến 90, nhưng lại là \"95\""),
        "{e}"
    );
    assert!(e.contains("dòng 3, cột C (points): đơn vị van-phong-ubnd-tinh có cờ no_public_procedures: không được tính điểm ở nhóm online_services"), "{e}");
    assert!(
        e.contains("dòng 4, cột C (points): nhóm policy cần số điểm từ 0 đến 90, nhưng lại là \"abc\""),
        "{e}"
    );
    assert_eq!(stored_values(&store).await, 0);
}

#[tokio::test]
async fn xlsx_errors_name_the_sheet_and_an_unknown_header() {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    let path = dir.path().join("sai.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Sở").unwrap();
    ws.write_string(0, 0, "Đơn vị").unwrap();
    ws.write_string(0, 1, "mang_lan").unwrap();
    ws.write_string(0, 2, "Hạ tầng mạng").unwrap();
    ws.write_string(1, 0, "Sở Y tế").unwrap();
    ws.write_string(1, 1, "chắc có").unwrap();
    wb.save(&path).unwrap();
    let e = format!("{:#}", declared::import_file(&store, &eval, &path).await.unwrap_err());
    assert!(e.contains("sai.xlsx"), "{e}");
    assert!(
        e.contains("trang tính \"Sở\", dòng 1, cột C: tiêu đề cột ghi nhóm hoặc tiêu chí không có: \"Hạ tầng mạng\""),
        "{e}"
    );
    assert!(e.contains("trang tính \"Sở\", dòng 2, cột B (mang_lan): tiêu chí mang_lan: cần \"có\" hoặc \"không\", nhưng lại là \"chắc có\""), "{e}");
    assert_eq!(stored_values(&store).await, 0);
}

#[tokio::test]
async fn a_failure_while_storing_rolls_the_whole_import_back() {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    use sqlx::Executor;
    // Make the database itself refuse the 4th value, after three rows were inserted.
    store
        .pool
        .execute("CREATE TRIGGER refuse BEFORE INSERT ON declared_values WHEN NEW.criterion_id = 'mang_chuyen_dung' BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        .await
        .unwrap();
    let file = write(dir.path(), "answers.csv", ANSWERS);
    let e = format!("{:#}", declared::import_file(&store, &eval, &file).await.unwrap_err());
    assert!(e.contains("disk full"), "{e}");
    assert_eq!(stored_values(&store).await, 0);
    let imports: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM imports")
        .fetch_one(&store.pool)
        .await
        .unwrap();
    assert_eq!(imports, 0);
}

#[tokio::test]
async fn import_and_overrides_work_on_postgresql() {
    let Some(store) = postgres_store().await else { return };
    let eval = evaluation_2016();
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "answers.csv", ANSWERS);
    declared::import_file(&store, &eval, &file).await.unwrap();
    let set = declared::load_all(&eval, &store).await.unwrap();
    assert_eq!(set.group_points(&eval, "so-y-te")["infrastructure"].points, 70.0);
    assert!(
        set.values
            .iter()
            .any(|v| v.target == Target::Criterion("mang_lan".into()) && v.points == 15.0)
    );
    // A failing import stores nothing there either.
    let bad = write(
        dir.path(),
        "bad.csv",
        "unit_id,criterion,answer\nso-y-te,mang_lan,có\nso-y-te,ty_le_may_tinh,200\n",
    );
    assert!(declared::import_file(&store, &eval, &bad).await.is_err());
    assert_eq!(
        declared::load_all(&eval, &store).await.unwrap().values.len(),
        set.values.len()
    );
    use ictrank::store::declared::{NewOverride, add_override, load_overrides};
    let ov = |points: f64, reason: &str, by: &str| NewOverride {
        unit_id: "so-y-te".into(),
        criterion_id: "tin_tuc".into(),
        points,
        reason: reason.into(),
        evaluator: by.into(),
        run_id: None,
        only_run: false,
        evidence: None,
    };
    add_override(
        &store,
        &eval.id,
        &ov(10.0, "tin mới nhất là ảnh chụp, không phải tin", "evaluator-a"),
    )
    .await
    .unwrap();
    add_override(&store, &eval.id, &ov(15.0, "đã kiểm tra lại", "evaluator-b"))
        .await
        .unwrap();
    let trail = load_overrides(&store, &eval.id).await.unwrap();
    assert_eq!(trail.len(), 2);
    assert_eq!((trail[1].points, trail[1].evaluator.as_str()), (15.0, "evaluator-b"));
}

/// Numbers typed as text: Vietnamese (`1.234,5`) and English (`1,234.5`) writing are both read; a
/// number that reads both ways is refused (see `ictrank::util::vnformat::read_number`).
#[tokio::test]
async fn numbers_written_the_vietnamese_or_the_english_way_are_read_by_one_rule() {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    let text = "unit_id,group,criterion,points\n\
so-y-te,infrastructure,,\"85,5\"\n\
so-tai-chinh,infrastructure,,85.5\n\
so-xay-dung,infrastructure,,\"0,08\"\n\
ban-dan-toc,infrastructure,,12.3456\n\
so-y-te,,ty_le_van_ban_dien_tu,\"85,25%\"\n\
so-y-te,,dvc_muc_3_ho_so,1.400.000/2.000.000\n\
so-tai-chinh,,dvc_muc_3_ho_so,\"1,234.5/2,469.0\"\n\
so-xay-dung,,dvc_muc_3_ho_so,\"1.234,5/2.469,0\"\n";
    let file = write(dir.path(), "so-lieu.csv", text);
    declared::import_file(&store, &eval, &file).await.unwrap();
    let set = declared::load_all(&eval, &store).await.unwrap();
    let group = |unit: &str| {
        set.values
            .iter()
            .rev()
            .find(|v| v.unit_id == unit && v.target == Target::Group("infrastructure".into()))
            .unwrap()
            .points
    };
    assert_eq!(group("so-y-te"), 85.5);
    assert_eq!(group("so-tai-chinh"), 85.5);
    assert_eq!(group("so-xay-dung"), 0.08);
    assert_eq!(group("ban-dan-toc"), 12.3456);
    let crit = |unit: &str, id: &str| set.criterion(unit, id).unwrap().points;
    // 1.400.000 of 2.000.000 dossiers: 70 %, the threshold: full points.
    assert_eq!(crit("so-y-te", "dvc_muc_3_ho_so"), 15.0);
    // Half of them, however written: 15 × 50/70 = 10.7, rounded to a multiple of 5.
    assert_eq!(crit("so-tai-chinh", "dvc_muc_3_ho_so"), 10.0);
    assert_eq!(crit("so-xay-dung", "dvc_muc_3_ho_so"), 10.0);
    assert_eq!(
        set.criterion("so-y-te", "ty_le_van_ban_dien_tu")
            .unwrap()
            .raw
            .as_deref(),
        Some("85,25%")
    );
}

#[tokio::test]
async fn a_number_that_reads_both_ways_is_refused_naming_file_row_and_column() {
    let text = "unit_id,group,criterion,points\n\
so-y-te,infrastructure,,0.080\n\
so-tai-chinh,infrastructure,,\"12,500\"\n\
so-xay-dung,,ty_le_may_tinh,1.234%\n\
ban-dan-toc,,dvc_muc_3_ho_so,1.400/2.000\n\
so-y-te,internal,,1.234\n";
    let (e, store, _d) = import_err(text, "mo-ho.csv").await;
    assert!(e.contains("mo-ho.csv: 5 lỗi; chưa nhập gì"), "{e}");
    assert!(
        e.contains(
            "dòng 2, cột D (points): số \"0.080\" không rõ nghĩa: theo cách viết Việt Nam là 80, theo cách viết \
             tiếng Anh là 0,08; hãy ghi không có dấu phân cách hàng nghìn và dùng dấu phẩy thập phân, ví dụ 80 hoặc 0,08"
        ),
        "{e}"
    );
    assert!(
        e.contains("dòng 3, cột D (points): số \"12,500\" không rõ nghĩa: theo cách viết Việt Nam là 12,5, theo cách viết tiếng Anh là 12500;"),
        "{e}"
    );
    assert!(e.contains("dòng 4, cột D (points): số \"1.234\" không rõ nghĩa"), "{e}");
    assert!(e.contains("dòng 5, cột D (points): số \"1.400\" không rõ nghĩa"), "{e}");
    // The decimal reading of 1.234 is suggested so that it reads one way only.
    assert!(e.contains("dòng 6, cột D (points): số \"1.234\" không rõ nghĩa: theo cách viết Việt Nam là 1234, theo cách viết tiếng Anh là 1,234;"), "{e}");
    assert!(e.contains("ví dụ 1234 hoặc 1,2340"), "{e}");
    assert_eq!(stored_values(&store).await, 0);
}

#[tokio::test]
async fn workbook_number_cells_are_numbers_and_its_text_cells_follow_the_rule() {
    let eval = evaluation_2016();
    let (store, dir) = sqlite_store().await;
    let path = dir.path().join("so-lieu.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Sở").unwrap();
    ws.write_string(0, 0, "Đơn vị").unwrap();
    ws.write_string(0, 1, "infrastructure").unwrap();
    ws.write_string(1, 0, "Sở Y tế").unwrap();
    // A number cell with three decimals is a number, not a question.
    ws.write_number(1, 1, 0.125).unwrap();
    ws.write_string(2, 0, "Sở Tài chính").unwrap();
    ws.write_number(2, 1, 1.5).unwrap();
    wb.save(&path).unwrap();
    declared::import_file(&store, &eval, &path).await.unwrap();
    let set = declared::load_all(&eval, &store).await.unwrap();
    assert_eq!(set.group_points(&eval, "so-y-te")["infrastructure"].points, 0.125);
    assert_eq!(set.group_points(&eval, "so-tai-chinh")["infrastructure"].points, 1.5);

    let path = dir.path().join("mo-ho.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Huyện").unwrap();
    ws.write_string(0, 0, "Đơn vị").unwrap();
    ws.write_string(0, 1, "infrastructure").unwrap();
    ws.write_string(1, 0, "UBND huyện Vân Canh").unwrap();
    ws.write_string(1, 1, "0.080").unwrap();
    wb.save(&path).unwrap();
    let e = format!("{:#}", declared::import_file(&store, &eval, &path).await.unwrap_err());
    assert!(
        e.contains("mo-ho.xlsx")
            && e.contains("trang tính \"Huyện\", dòng 2, cột B (infrastructure): số \"0.080\" không rõ nghĩa"),
        "{e}"
    );
}
