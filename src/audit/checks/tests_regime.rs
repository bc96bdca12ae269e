//! The current regime's checks (rubric nd224-2026) on small fixture sites, each in both outcomes.

use super::UnitFacts;
use super::testing::{html, site};
use crate::audit::audit_unit_site;
use crate::audit::model::{CriterionResult, Outcome};
use crate::audit::profiles::Profiles;
use crate::rubric::Rubric;
use crate::snapshot::{Page, PageRole};
use chrono::NaiveDate;

fn unit(kind: &str, name: Option<&str>, province: Option<&str>) -> UnitFacts {
    let mut u = UnitFacts::of_kind(kind);
    u.name = name.map(str::to_string);
    u.province_label = province.map(str::to_string);
    u
}

fn dept() -> UnitFacts {
    unit("department", Some("Sở Tư pháp"), Some("gialai"))
}

/// Audits `pages` (the first the home page) as of 26/11/2026 under the current rubric and returns
/// criterion `id`'s result.
fn result(pages: Vec<Page>, u: &UnitFacts, id: &str) -> CriterionResult {
    let day = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let a = audit_unit_site(&site(pages), &Rubric::current(), u, day, &Profiles::builtin());
    a.criteria
        .into_iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id}"))
}

fn notes(r: &CriterionResult) -> String {
    r.evidence
        .iter()
        .map(|e| format!("{} | {}", e.url, e.note))
        .collect::<Vec<_>>()
        .join("\n")
}

fn home(url: &str, body: &str) -> Page {
    html(
        url,
        PageRole::Home,
        &format!("<html lang=\"vi\"><head><title>Trang chủ</title></head><body>{body}</body></html>"),
    )
}

#[test]
fn province_and_commune_labels_are_full_names_without_diacritics() {
    assert_eq!(super::province_label("Gia Lai"), "gialai");
    assert_eq!(super::province_label("Tỉnh Đắk Lắk"), "daklak");
    assert_eq!(super::province_label("Thành phố Hồ Chí Minh"), "hochiminhcity");
    assert_eq!(super::province_label("Thành phố Đà Nẵng"), "danang");
    let prefixes: Vec<String> = ["xã", "phường", "đặc khu", "ủy ban nhân dân"]
        .map(String::from)
        .to_vec();
    assert_eq!(super::name_label("Phường Quy Nhơn Nam", &prefixes), "quynhonnam");
    assert_eq!(super::name_label("Ủy ban nhân dân xã Ia Grai", &prefixes), "iagrai");
    assert_eq!(super::name_label("Đặc khu Phú Quốc", &prefixes), "phuquoc");
    let u = UnitFacts::named("commune", "Xã Ia Grai", Some("Gia Lai"));
    assert_eq!(u.province_label.as_deref(), Some("gialai"));
}

// ---- domain_pattern ----------------------------------------------------------------------------

#[test]
fn a_commune_domain_is_its_official_name_without_diacritics_under_the_province() {
    let u = unit("commune", Some("Phường Quy Nhơn Nam"), Some("gialai"));
    let ok = result(
        vec![home("https://quynhonnam.gialai.gov.vn/", "<p>x</p>")],
        &u,
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(ok.outcome, Outcome::Met, "{}", notes(&ok));
    assert!(
        notes(&ok).contains("Phường Quy Nhơn Nam") && !ok.needs_review,
        "{}",
        notes(&ok)
    );
    // An abbreviation is not the full name; another province's label is not this one's.
    let short = result(
        vec![home("https://qnn.gialai.gov.vn/", "<p>x</p>")],
        &u,
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(short.outcome, Outcome::NotMet);
    assert!(notes(&short).contains("\"quynhonnam\""), "{}", notes(&short));
    let old = result(
        vec![home("https://quynhonnam.binhdinh.gov.vn/", "<p>x</p>")],
        &u,
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(old.outcome, Outcome::NotMet);
    assert!(notes(&old).contains("gialai.gov.vn"), "{}", notes(&old));
    let com = result(
        vec![home("https://quynhonnam.com.vn/", "<p>x</p>")],
        &u,
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(com.outcome, Outcome::NotMet);
}

#[test]
fn a_department_domain_has_two_labels_and_an_unknown_province_goes_to_review() {
    let ok = result(
        vec![home("https://stp.gialai.gov.vn/", "<p>x</p>")],
        &dept(),
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(ok.outcome, Outcome::Met, "{}", notes(&ok));
    let flat = result(
        vec![home("https://gialai.gov.vn/so-tu-phap", "<p>x</p>")],
        &dept(),
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(flat.outcome, Outcome::NotMet, "{}", notes(&flat));
    let unknown = unit("department", None, None);
    let r = result(
        vec![home("https://stp.gialai.gov.vn/", "<p>x</p>")],
        &unknown,
        "ten_mien_dung_quy_tac",
    );
    assert_eq!(r.outcome, Outcome::Met);
    assert!(
        r.needs_review && notes(&r).contains("chưa biết tên miền tỉnh"),
        "{}",
        notes(&r)
    );
}

// ---- provincial_portal -------------------------------------------------------------------------

const PORTAL_FOOTER: &str = "<header><a href=\"https://gialai.gov.vn/\">Cổng TTĐT tỉnh</a></header>\
    <footer>Trang thông tin điện tử Sở Tư pháp — thành phần của Cổng thông tin điện tử tỉnh Gia Lai</footer>";

#[test]
fn a_component_of_the_provincial_portal_links_to_it_and_is_linked_back() {
    let h = home("https://stp.gialai.gov.vn/", PORTAL_FOOTER);
    // The portal's page is not in the crawl: met, the link back said unverifiable, for review.
    let r = result(vec![h.clone()], &dept(), "thanh_phan_cong_tinh");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(
        notes(&r).contains("không kiểm tra được liên kết ngược"),
        "{}",
        notes(&r)
    );
    assert!(
        notes(&r).contains("<footer>") || notes(&r).contains("chân trang"),
        "{}",
        notes(&r)
    );
    // The portal's page links back: met with more confidence.
    let back = html(
        "https://gialai.gov.vn/",
        PageRole::Page,
        "<html><body><a href=\"https://stp.gialai.gov.vn/\">Sở Tư pháp</a></body></html>",
    );
    let r = result(vec![h.clone(), back], &dept(), "thanh_phan_cong_tinh");
    assert_eq!(r.outcome, Outcome::Met);
    assert!(
        r.confidence > 0.8 && notes(&r).contains("liên kết ngược"),
        "{}",
        notes(&r)
    );
    // A portal page without the link back: not met.
    let no_back = html(
        "https://gialai.gov.vn/",
        PageRole::Page,
        "<html><body><a href=\"/tin\">Tin</a></body></html>",
    );
    let r = result(vec![h, no_back], &dept(), "thanh_phan_cong_tinh");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
}

#[test]
fn a_site_apart_from_the_provincial_portal_fails_and_an_unknown_province_is_unverified() {
    let r = result(
        vec![home(
            "https://sotuphap-gialai.vn/",
            "<footer>Sở Tư pháp. ĐT 0269 3822 111</footer>",
        )],
        &dept(),
        "thanh_phan_cong_tinh",
    );
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    let r = result(
        vec![home("https://stp.gialai.gov.vn/", PORTAL_FOOTER)],
        &unit("department", None, None),
        "thanh_phan_cong_tinh",
    );
    assert_eq!(r.outcome, Outcome::Unverified);
    assert_eq!(r.points, 0.0);
}

// ---- page_metadata -----------------------------------------------------------------------------

#[test]
fn metadata_on_the_home_page_and_articles() {
    let head = "<title>Sở Tư pháp Gia Lai</title><meta name=\"description\" content=\"Trang thông tin Sở Tư pháp\">\
        <meta property=\"og:title\" content=\"Sở Tư pháp\"><meta property=\"og:description\" content=\"Tin tức\">";
    let art_head = "<title>Hội nghị tổng kết</title><meta name=\"DC.title\" content=\"Hội nghị\">\
        <meta name=\"DC.creator\" content=\"STP\"><meta name=\"DC.date\" content=\"2026-11-20\">\
        <script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Hội nghị\"}</script>";
    let pages = |h: &str| {
        vec![
            html(
                "https://stp.gialai.gov.vn/",
                PageRole::Home,
                &format!(
                    "<html><head>{h}</head><body><a href=\"/tin-tuc/hoi-nghi-tong-ket-cong-tac-tu-phap-2026.html\">Hội nghị</a></body></html>"
                ),
            ),
            html(
                "https://stp.gialai.gov.vn/tin-tuc/hoi-nghi-tong-ket-cong-tac-tu-phap-2026.html",
                PageRole::Article,
                &format!("<html><head>{art_head}</head><body><h1>Hội nghị</h1></body></html>"),
            ),
        ]
    };
    let r = result(pages(head), &dept(), "du_lieu_dac_ta");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(
        notes(&r).contains("og:*: description, title") && notes(&r).contains("JSON-LD: NewsArticle"),
        "{}",
        notes(&r)
    );
    let r = result(pages("<title>Sở Tư pháp</title>"), &dept(), "du_lieu_dac_ta");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    assert!(notes(&r).contains("description: không có"), "{}", notes(&r));
}

// ---- contact_point -----------------------------------------------------------------------------

const FOOTER: &str = "<footer>Sở Tư pháp tỉnh Gia Lai. Địa chỉ: 01 Trần Phú, Pleiku. Điện thoại: (0269) 3822 111. \
    Email: stp@gialai.gov.vn</footer>";

#[test]
fn the_contact_point_needs_the_agency_s_details_and_the_focal_point() {
    let h = home(
        "https://stp.gialai.gov.vn/",
        &format!("<nav><a href=\"/tiep-can-thong-tin\">Tiếp cận thông tin</a></nav>{FOOTER}"),
    );
    let focal = html(
        "https://stp.gialai.gov.vn/tiep-can-thong-tin",
        PageRole::Page,
        "<html><body><h1>Tiếp cận thông tin</h1><div class=\"dau-moi\"><p>Người làm đầu mối tiếp nhận yêu cầu cung cấp \
         thông tin: bà Lê Thị C, Chánh Văn phòng. Điện thoại: 0269 3822 222, thư điện tử: vanphong@stp.gialai.gov.vn</p></div></body></html>",
    );
    let r = result(vec![h.clone(), focal], &dept(), "lien_he_dau_moi");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(
        notes(&r).contains("tiep-can-thong-tin") && notes(&r).contains("Lê Thị C"),
        "{}",
        notes(&r)
    );
    let r = result(vec![h], &dept(), "lien_he_dau_moi");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    assert!(notes(&r).contains("đầu mối"), "{}", notes(&r));
}

// ---- public_services_integration ---------------------------------------------------------------

#[test]
fn online_services_link_to_a_dvc_portal() {
    let national = home(
        "https://stp.gialai.gov.vn/",
        "<a href=\"https://dichvucong.gov.vn/p/home/dvc-tthc-co-quan.html?id=123\">Dịch vụ công trực tuyến</a>",
    );
    let r = result(vec![national], &dept(), "tthc_dvc_tich_hop");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("Cổng Dịch vụ công quốc gia"), "{}", notes(&r));
    // A section whose page embeds the province's DVC portal.
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<nav><a href=\"/thu-tuc-hanh-chinh\">Thủ tục hành chính</a></nav>",
    );
    let sec = html(
        "https://stp.gialai.gov.vn/thu-tuc-hanh-chinh",
        PageRole::Page,
        "<html><body><h1>Thủ tục hành chính</h1><iframe src=\"https://dichvucong.gialai.gov.vn/thu-tuc?co-quan=stp\"></iframe></body></html>",
    );
    let r = result(vec![h.clone(), sec], &dept(), "tthc_dvc_tich_hop");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("khung nhúng <iframe>"), "{}", notes(&r));
    // A section that only lists procedures as text.
    let bare = html(
        "https://stp.gialai.gov.vn/thu-tuc-hanh-chinh",
        PageRole::Page,
        "<html><body><h1>Thủ tục hành chính</h1><p>Danh mục thủ tục hành chính thuộc thẩm quyền giải quyết của Sở: \
         cấp phiếu lý lịch tư pháp, đăng ký hành nghề luật sư, công chứng.</p></body></html>",
    );
    let r = result(vec![h, bare], &dept(), "tthc_dvc_tich_hop");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
}

// ---- service_quality (semi-automatic) ----------------------------------------------------------

#[test]
fn service_quality_items_are_candidates_for_review() {
    let all = "<div>Cam kết chất lượng dịch vụ. Bộ chỉ số phục vụ người dân theo thời gian thực. Phản ánh sự cố. \
        Kết quả cải thiện chất lượng. Hiệu quả sử dụng: tỷ lệ hồ sơ trực tuyến 85%. Mức độ hài lòng 97%.</div>";
    let r = result(
        vec![home("https://stp.gialai.gov.vn/", all)],
        &dept(),
        "chat_luong_dvctt_cong_khai",
    );
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(r.needs_review, "semi-automatic: a person confirms");
    let some = "<a href=\"/hai-long\">Khảo sát sự hài lòng</a><p>Cam kết chất lượng</p>";
    let r = result(
        vec![home("https://stp.gialai.gov.vn/", some)],
        &dept(),
        "chat_luong_dvctt_cong_khai",
    );
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    assert!(r.needs_review);
    assert!(
        notes(&r).contains("e) mức độ hài lòng") && notes(&r).contains("không thấy"),
        "{}",
        notes(&r)
    );
}

// ---- subordinate_links -------------------------------------------------------------------------

#[test]
fn links_to_subordinate_units_and_the_province_portal() {
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<a href=\"https://ttdgts.stp.gialai.gov.vn/\">Trung tâm Dịch vụ đấu giá tài sản</a>\
         <a href=\"https://chinhphu.vn/\">Chính phủ</a>",
    );
    let r = result(vec![h], &dept(), "lien_ket_co_quan_truc_thuoc");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("đơn vị trực thuộc"), "{}", notes(&r));
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<a href=\"https://moj.gov.vn/\">Bộ Tư pháp</a>",
    );
    let r = result(vec![h], &dept(), "lien_ket_co_quan_truc_thuoc");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
}

// ---- spokesperson (semi-automatic) -------------------------------------------------------------

#[test]
fn the_spokesperson_is_named_with_a_phone_or_e_mail() {
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<div class=\"box\"><h3>Người phát ngôn</h3><p>Ông Trần Văn B, Phó Giám đốc Sở. Điện thoại: 0912 345 678</p></div>",
    );
    let r = result(vec![h], &dept(), "nguoi_phat_ngon");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(r.needs_review && notes(&r).contains("Trần Văn B"), "{}", notes(&r));
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<p>Quy chế người phát ngôn của Sở được ban hành.</p>",
    );
    let r = result(vec![h], &dept(), "nguoi_phat_ngon");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
}

// ---- social_channels ---------------------------------------------------------------------------

#[test]
fn social_channels_are_pages_of_the_agency_not_share_buttons() {
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<a href=\"https://www.facebook.com/sotuphapgialai\">Fanpage</a><a href=\"https://zalo.me/123456789\">Zalo OA</a>",
    );
    let r = result(vec![h], &dept(), "kenh_mxh_cong_bo");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(
        notes(&r).contains("facebook.com/sotuphapgialai") && notes(&r).contains("zalo.me"),
        "{}",
        notes(&r)
    );
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<a href=\"https://www.facebook.com/sharer/sharer.php?u=https://stp.gialai.gov.vn/\">Chia sẻ</a>\
         <a href=\"https://facebook.com/\">Facebook</a>",
    );
    let r = result(vec![h], &dept(), "kenh_mxh_cong_bo");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
}

// ---- satisfaction_rating -----------------------------------------------------------------------

#[test]
fn a_satisfaction_widget_has_a_control_to_answer() {
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<main><p>Nội dung trang.</p></main><form id=\"rate-info\"><p>Bạn có hài lòng với thông tin trên trang?</p>\
         <label><input type=\"radio\" name=\"r\" value=\"1\"> Hài lòng</label><label><input type=\"radio\" name=\"r\" value=\"0\"> \
         Không hài lòng</label><button>Gửi đánh giá</button></form>",
    );
    let r = result(vec![h], &dept(), "danh_gia_hai_long_thong_tin");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("id=\"rate-info\""), "{}", notes(&r));
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<p>Người dân hài lòng với kết quả giải quyết hồ sơ.</p>",
    );
    let r = result(vec![h], &dept(), "danh_gia_hai_long_thong_tin");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
}

// ---- publishing_lag ----------------------------------------------------------------------------

fn documents(rows: &[(&str, &str, &str)]) -> Vec<Page> {
    let h = home(
        "https://stp.gialai.gov.vn/",
        "<nav><a href=\"/van-ban\">Văn bản</a></nav>",
    );
    let body: String = rows
        .iter()
        .map(|(n, i, p)| format!("<tr><td><a href=\"/van-ban/{n}\">{n}</a></td><td>Về việc triển khai công tác năm 2026</td><td>{i}</td><td>{p}</td></tr>"))
        .collect();
    let list = html(
        "https://stp.gialai.gov.vn/van-ban",
        PageRole::Page,
        &format!(
            "<html><body><h1>Văn bản</h1><table><tr><th>Số ký hiệu</th><th>Trích yếu</th><th>Ngày ban hành</th>\
             <th>Ngày đăng</th></tr>{body}</table></body></html>"
        ),
    );
    vec![h, list]
}

#[test]
fn documents_posted_within_five_working_days_across_tet_pass() {
    // 12/02/2026 → 23/02/2026 spans Tết Bính Ngọ: 2 working days (11 weekdays by the calendar alone).
    let r = result(
        documents(&[
            ("12-QD-STP", "12/02/2026", "23/02/2026"),
            ("30-KH-STP", "02/03/2026", "05/03/2026"),
            ("41-TB-STP", "29/04/2026", "05/05/2026"),
        ]),
        &dept(),
        "thoi_han_cong_khai",
    );
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("3/3 văn bản"), "{}", notes(&r));
}

#[test]
fn documents_posted_late_fail_and_pages_without_both_dates_are_unverified() {
    let r = result(
        documents(&[
            ("88-QD-STP", "01/10/2026", "20/10/2026"),
            ("90-QD-STP", "05/10/2026", "06/10/2026"),
        ]),
        &dept(),
        "thoi_han_cong_khai",
    );
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    assert!(
        notes(&r).contains("chậm: ") && notes(&r).contains("13 ngày làm việc"),
        "{}",
        notes(&r)
    );
    // A document's own page labelling both dates.
    let h = home("https://stp.gialai.gov.vn/", "<p>x</p>");
    let doc = html(
        "https://stp.gialai.gov.vn/van-ban/quyet-dinh-so-15-qd-stp-ve-viec-ban-hanh-ke-hoach",
        PageRole::Article,
        "<html><body><h1>Quyết định 15/QĐ-STP</h1><p>Ngày ban hành: 02/11/2026</p><p>Ngày đăng: 16/11/2026</p></body></html>",
    );
    let r = result(vec![h.clone(), doc], &dept(), "thoi_han_cong_khai");
    assert_eq!(r.outcome, Outcome::NotMet, "{}", notes(&r));
    assert!(notes(&r).contains("10 ngày làm việc"), "{}", notes(&r));
    // A document page whose details are a two-column table, posted within the limit across 30/4–1/5
    // (29/04 → 06/05/2026: 04/05, 05/05, 06/05 are the only working days after it).
    let doc = html(
        "https://stp.gialai.gov.vn/van-ban/ke-hoach-so-41-kh-stp-trien-khai-cong-tac",
        PageRole::Article,
        "<html><body><h1>Kế hoạch 41/KH-STP</h1><table><tr><td>Số ký hiệu</td><td>41/KH-STP</td></tr>\
         <tr><td>Ngày ban hành</td><td>29/04/2026</td></tr><tr><td>Ngày đăng tải</td><td>Thứ tư, 06/05/2026</td></tr>\
         </table></body></html>",
    );
    let r = result(vec![h.clone(), doc], &dept(), "thoi_han_cong_khai");
    assert_eq!(r.outcome, Outcome::Met, "{}", notes(&r));
    assert!(notes(&r).contains("(3 ngày làm việc)"), "{}", notes(&r));
    let r = result(vec![h], &dept(), "thoi_han_cong_khai");
    assert_eq!(r.outcome, Outcome::Unverified, "{}", notes(&r));
    assert_eq!(r.points, 0.0);
}

// ---- placeholders ------------------------------------------------------------------------------

#[test]
fn network_and_browser_checks_could_not_verify_until_their_stages_exist() {
    let h = || vec![home("https://stp.gialai.gov.vn/", "<p>x</p>")];
    for id in ["https", "ipv6"] {
        let r = result(h(), &dept(), id);
        assert_eq!(r.outcome, Outcome::Unverified, "{id}");
        assert!(
            r.needs_review && notes(&r).contains("không kiểm tra được"),
            "{}",
            notes(&r)
        );
    }
    for id in [
        "hieu_nang_fcp",
        "hieu_nang_lcp",
        "hieu_nang_speed_index",
        "hieu_nang_tac_vu",
        "tuong_thich_di_dong",
        "ho_tro_nguoi_khuyet_tat",
    ] {
        let r = result(h(), &dept(), id);
        assert_eq!(r.outcome, Outcome::Unverified, "{id}");
        assert!(r.needs_review && r.points == 0.0, "{id}");
        assert!(
            notes(&r).contains("không kiểm tra được") && notes(&r).contains("trình duyệt"),
            "{}",
            notes(&r)
        );
    }
}
