//! The 2016 Bình Định ranking recomputed from the evaluation's data, against the published decision.

use ictrank::declared::DeclaredSet;
use ictrank::rank::{self, Ranking, verify::verify};
use ictrank::registry::Evaluation;
use std::path::Path;

fn ranking() -> (Evaluation, Ranking) {
    let eval =
        Evaluation::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/evaluations/binh-dinh-2016")).unwrap();
    let declared = DeclaredSet::from_evaluation_files(&eval).unwrap();
    let ranking = rank::rank(&eval, &rank::points_from_declared(&eval, &declared));
    (eval, ranking)
}

/// Published rows of one table: (agency, points, percent, rank, previous rank, tier).
fn published(table: &str) -> Vec<(String, f64, f64, u32, Option<u32>, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/evaluations/binh-dinh-2016/published-tables-2016.csv");
    let mut r = csv::Reader::from_path(path).unwrap();
    r.records()
        .map(|r| r.unwrap())
        .filter(|r| &r[0] == table)
        .map(|r| {
            (
                r[4].to_string(),
                r[5].parse().unwrap(),
                r[6].parse().unwrap(),
                r[7].parse().unwrap(),
                r[8].parse().ok(),
                r[9].to_string(),
            )
        })
        .collect()
}

fn assert_reproduces(table: &str, ours: &str) {
    let (eval, ranking) = ranking();
    let t = ranking.table(ours).unwrap_or_else(|| panic!("no table {ours}"));
    let pubd = published(table);
    assert_eq!(t.rows.len(), pubd.len(), "table {table}: row count");
    // Rows are ordered by points, ties by name (the published order of ties is arbitrary).
    assert!(
        t.rows.windows(2).all(|w| w[0].points >= w[1].points),
        "table {table}: order"
    );
    for p in &pubd {
        let unit = eval.find_unit(&p.0).unwrap();
        let row = t
            .rows
            .iter()
            .find(|r| r.unit_id == unit.id)
            .unwrap_or_else(|| panic!("{table}: no row for {}", p.0));
        assert_eq!(row.points, p.1, "{table} {}", p.0);
        assert!(
            (row.percent - p.2).abs() < 0.005,
            "{table} {} percent {} vs {}",
            p.0,
            row.percent,
            p.2
        );
        assert_eq!(row.rank, p.3, "{table} {} rank", p.0);
        assert_eq!(row.previous_rank, p.4, "{table} {} previous rank", p.0);
        assert_eq!(row.tier, p.5, "{table} {} tier", p.0);
    }
}

#[test]
fn bang_1_reproduces_the_17_departments() {
    assert_reproduces("1", "1");
}

#[test]
fn bang_2_reproduces_the_11_districts() {
    assert_reproduces("2", "2");
}

#[test]
fn group_tables_reproduce_the_published_ones() {
    for (published, ours) in [
        ("1.1", "1.1"),
        ("1.2", "1.2"),
        ("1.3a", "1.3"),
        ("1.3b", "1.3b"),
        ("1.5", "1.5"),
        ("1.6", "1.6"),
        ("2.1", "2.1"),
        ("2.2", "2.2"),
        ("2.3a", "2.3"),
        ("2.4", "2.4"),
        ("2.6", "2.6"),
    ] {
        assert_reproduces(published, ours);
    }
}

#[test]
fn units_without_public_procedures_get_group_ranks_only() {
    let (_, ranking) = ranking();
    let overall = ranking.table("1").unwrap();
    assert!(
        overall
            .rows
            .iter()
            .all(|r| r.unit_id != "van-phong-ubnd-tinh" && r.unit_id != "ban-dan-toc")
    );
    assert_eq!(overall.unranked.len(), 2);
    assert!(
        ranking
            .table("1.1")
            .unwrap()
            .rows
            .iter()
            .any(|r| r.unit_id == "ban-dan-toc")
    );
    let online = ranking.table("1.3b").unwrap();
    assert_eq!(online.rows.len(), 17);
    assert!(online.unranked.iter().any(|u| u.unit_id == "van-phong-ubnd-tinh"));
    let not_eval: Vec<_> = ranking.not_evaluated.iter().map(|u| u.unit_id.as_str()).collect();
    assert_eq!(not_eval, ["so-du-lich", "so-van-hoa-va-the-thao"]);
    assert!(
        ranking
            .table("1.1")
            .unwrap()
            .rows
            .iter()
            .all(|r| r.unit_id != "so-du-lich")
    );
}

#[test]
fn verify_reports_exactly_the_published_documents_own_errors() {
    let (eval, ranking) = ranking();
    let found: Vec<String> = verify(&eval, &ranking).unwrap().iter().map(|d| d.to_string()).collect();
    let expected = [
        // Bảng 1.4: Sở GTVT has 90 points like Sở Nội vụ (rank 5) but is printed 6; every rank below
        // is shifted, and Thanh tra tỉnh and Ban Dân tộc (45 points each) are printed 8 and 9.
        "Bảng 1.4 | Sở Giao thông Vận tải | xếp hạng | đã công bố: 6 | tính lại: 5",
        "Bảng 1.4 | Sở Giáo dục và Đào tạo | xếp hạng | đã công bố: 7 | tính lại: 6",
        "Bảng 1.4 | Thanh tra tỉnh | xếp hạng | đã công bố: 8 | tính lại: 7",
        "Bảng 1.4 | Ban Dân tộc | xếp hạng | đã công bố: 9 | tính lại: 7",
        // Bảng 2.5 prints An Nhơn twice and leaves Hoài Nhơn out.
        "Bảng 2.5 | UBND thị xã An Nhơn | dòng | đã công bố: in 2 lần (dòng 6, 7) | tính lại: một lần",
        "Bảng 2.5 | UBND huyện Hoài Nhơn | dòng | đã công bố: không có | tính lại: 75 điểm, xếp hạng 2",
    ];
    let mut f = found.clone();
    f.sort();
    let mut e: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    e.sort();
    assert_eq!(f, e, "verify found:\n{}", found.join("\n"));
}

#[test]
fn dense_ranks_share_ties_and_keep_a_stable_name_order() {
    let (_, ranking) = ranking();
    let t = ranking.table("1").unwrap();
    // Kế hoạch và Đầu tư and Tài nguyên và Môi trường both have 960: rank 11 twice, then 12.
    let ranks: Vec<(&str, u32)> = t.rows[10..13].iter().map(|r| (r.unit_id.as_str(), r.rank)).collect();
    assert_eq!(
        ranks,
        [
            ("so-ke-hoach-va-dau-tu", 11),
            ("so-tai-nguyen-va-moi-truong", 11),
            ("so-ngoai-vu", 12)
        ]
    );
}
