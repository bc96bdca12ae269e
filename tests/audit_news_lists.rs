//! The exact item titles and dates of the real news lists in tests/corpus/real, read both with
//! the Liferay profile's selectors and with the generic reading (no profile).
#[path = "support/mirror.rs"]
mod mirror;

use chrono::NaiveDate;
use ictrank::audit::Profiles;
use ictrank::audit::items::{freshness, list_items};
use ictrank::audit::profiles::Compiled;
use ictrank::audit::view::SiteView;
use ictrank::snapshot::PageRole;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap()
}

/// Reads the list at `file` (served as `url`) beside the real home page, with the detected profile
/// and with no profile; both readings must give `expected`.
fn check_list(file: &str, url: &str, expected: &[(&str, &str)]) {
    let real = |f: &str| mirror::corpus(&format!("real/sotttt.hanoi.gov.vn/{f}"));
    let snap = mirror::snapshot_of(
        &[
            ("https://sotttt.hanoi.gov.vn/", real("home.html"), PageRole::Home),
            (url, real(file), PageRole::Page),
        ],
        mirror::at(2022, 8, 27, 3),
    );
    let as_of = d("27/08/2022");
    let view = SiteView::new(&snap, as_of);
    let detected = Profiles::builtin().detect(&view);
    assert_eq!(detected.id, "liferay", "{:?}", detected.evidence);
    let page = snap.page(url).unwrap();
    for (how, sels) in [
        ("liferay", detected.selectors.clone()),
        ("generic", Compiled::default()),
    ] {
        let list = list_items(&view, page, &sels, as_of);
        let got: Vec<(String, Option<NaiveDate>)> = list.items.iter().map(|i| (i.title.clone(), i.date)).collect();
        let want: Vec<(String, Option<NaiveDate>)> =
            expected.iter().map(|(t, s)| (t.to_string(), Some(d(s)))).collect();
        assert_eq!(got, want, "{file} read by {how} ({})", list.how);
    }
}

#[test]
fn sotttt_press_list_titles_and_dates() {
    check_list(
        "news-list-bao-chi-xuat-ban.html",
        "https://sotttt.hanoi.gov.vn/bao-chi-xuat-ban",
        &[
            (
                "Hà Nội thông tin về một số nội dung của kế hoạch thực hiện chiến lược phát triển thông tin cơ sở",
                "27/07/2022",
            ),
            ("Tuyên truyền kết quả kỳ họp thứ 3, Quốc hội khóa XV", "11/07/2022"),
            // The anniversary range in the title is not the item's date.
            (
                "Hướng dẫn tuyên truyền kỷ niệm 75 năm Ngày Thương binh - Liệt sỹ (27/7/1947 - 27/7/2022)",
                "11/07/2022",
            ),
            (
                "Thành lập Trung tâm Báo chí Thủ đô trên cơ sở tổ chức lại Cổng Giao tiếp điện tử Hà Nội",
                "02/07/2022",
            ),
            (
                "Chương trình bình chọn “Hàng Việt Nam được người tiêu dùng yêu thích” năm 2022",
                "08/06/2022",
            ),
            (
                "Họp báo thông tin về tình hình kinh tế - xã hội quý I/2022",
                "06/04/2022",
            ),
            ("Khai mạc Phố Sách Xuân Nhâm Dần 2022", "29/01/2022"),
            (
                "Phố Sách đã khẳng định được vai trò, vị trí trong đời sống xã hội Thủ đô",
                "07/05/2022",
            ),
            ("Nhộn nhịp Phố Sách Xuân Nhâm Dần tối mùng 3 Tết", "04/02/2022"),
            (
                "Doanh thu Phố Sách Xuân Hà Nội ước đạt trên 6 tỷ đồng trong 9 ngày Tết",
                "11/02/2022",
            ),
            (
                "Phát động Cuộc thi “Đại sứ Văn hoá đọc thành phố Hà Nội lần thứ II” và Cuộc thi “Giới thiệu sách trực tuyến năm 2022”",
                "18/04/2022",
            ),
            (
                "Nhiều hoạt động chào mừng Ngày Sách và Văn hóa đọc Việt Nam tại Phố Sách Hà Nội",
                "21/04/2022",
            ),
            (
                "Đảm bảo công tác thông tin, truyền thông phục vụ SEA Games 31",
                "07/05/2022",
            ),
            (
                "Dấu ấn ngành Thông tin và Truyền thông Hà Nội trong cuộc chiến với dịch Covid-19",
                "05/02/2022",
            ),
            (
                "Hà Nội triển khai các hoạt động hưởng ứng Ngày Sách và Văn hóa đọc Việt Nam năm 2022",
                "29/03/2022",
            ),
        ],
    );
}

#[test]
fn sotttt_administrative_reform_list_titles_and_dates() {
    check_list(
        "news-list-cai-cach-hanh-chinh.html",
        "https://sotttt.hanoi.gov.vn/cai-cach-hanh-chinh",
        &[
            (
                "Nâng cao hiệu quả cải cách thủ tục hành chính trong lĩnh vực thông tin và truyền thông",
                "17/05/2022",
            ),
            (
                "Thông báo triển khai cuộc thi “Tìm kiếm sáng kiến, giải pháp mô hình CCHC và thực hiện cơ chế một cửa, một cửa liên thông năm 2019”",
                "27/09/2019",
            ),
            (
                "Thông báo về việc đối thoại với cá nhân, tổ chức về thủ tục hành chính",
                "18/07/2019",
            ),
            (
                "Sở Thông tin và Truyền thông Hà Nội tổ chức khảo sát, đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của Sở",
                "18/07/2019",
            ),
            (
                "Chủ động tiếp nhận, phản ánh kiến nghị của người dân, doanh nghiệp trên địa bàn Thành phố",
                "05/05/2017",
            ),
            (
                "Sở TTTT khảo sát trực tuyến mức độ hài lòng của công dân, tổ chức đối với hoạt động cung cấp dịch vụ hành chính công",
                "28/04/2017",
            ),
            (
                "Tiếp tục siết chặt kỷ cương hành chính, đổi mới lề lối, phong cách làm việc, tạo sự chuyển biến mạnh mẽ, tích cực trong thi hành công vụ của công chức, viên chức",
                "19/04/2017",
            ),
            (
                "Hà Nội tổ chức thi viết gương người tốt việc tốt thực hiện kỷ cương hành chính",
                "19/04/2017",
            ),
            (
                "Sở Thông tin và Truyền thông xây dựng video clip hướng dẫn công dân, tổ chức nộp hồ sơ qua mạng đối với các dịch vụ công trực tuyến mức độ 3, mức độ 4",
                "09/03/2017",
            ),
            (
                "Kế hoạch CCHC nhà nước giai đoạn 2016 - 2020, với mục tiêu xây dựng nền hành chính phục vụ",
                "29/09/2016",
            ),
            // "Từ 5/9/2016" in the title is a mention; the list date is 12/09/2016.
            (
                "Từ 5/9/2016: 31 thủ tục hành chính được đưa ra giải quyết tại bộ phận một cửa của Sở TT&TT",
                "12/09/2016",
            ),
            (
                "Chuẩn hóa 35 thủ tục hành chính về thông tin và truyền thông",
                "12/09/2016",
            ),
            ("Sở TT&TT: UBND Thành phố ủy quyền giải quyết 02 TTHC", "31/08/2016"),
            ("Ban hành kế hoạch kiểm tra công tác cải cách hành chính", "11/08/2016"),
            (
                "Ban hành kế hoạch điều tra xã hội học xác định chỉ số CCHC trong nội bộ thành phố Hà Nội",
                "04/08/2016",
            ),
            (
                "Hà Nội triển khai hoạt động kiểm tra Công vụ trong năm 2016",
                "25/02/2016",
            ),
            (
                "Xây dựng mô hình phục vụ “3 không” và “4 luôn” trong tiếp nhận hồ sơ và giải quyết thủ tục hành chính tại Sở Thông tin và Truyền thông",
                "23/02/2016",
            ),
            (
                "CCHC thành phố: Khắc phục hạn chế, nâng cao sự hài lòng của người dân",
                "18/11/2015",
            ),
            (
                "Nâng cao sự hài lòng của người dân và tiếp tục tiếp duy trì thứ bậc xếp hạng Chỉ số cải cách hành chính của Thành phố năm 2015",
                "18/11/2015",
            ),
            (
                "Thực hiện công tác cải cách hành chính 9 tháng đầu năm và một số nhiệm vụ trọng tâm các tháng cuối năm 2015 của thành phố Hà Nội",
                "28/09/2015",
            ),
        ],
    );
}

#[test]
fn freshness_counts_windows_inclusively_and_the_longest_gap() {
    use ictrank::audit::items::Item;
    let item = |s: &str| Item {
        title: s.into(),
        url: format!("http://x/{s}"),
        date: Some(d(s)),
        date_source: Some("danh sách"),
    };
    let items = [
        item("26/11/2026"),
        item("27/10/2026"),
        item("26/10/2026"),
        item("28/08/2026"),
        item("01/01/2026"),
        item("30/11/2026"),
    ];
    let f = freshness(&items, d("26/11/2026"));
    assert_eq!(
        f.newest,
        Some(d("26/11/2026")),
        "a date after the evaluation date is ignored"
    );
    assert_eq!(
        f.items_last_30_days, 2,
        "27/10 is exactly 30 days before and counts; 26/10 does not"
    );
    assert_eq!(f.items_last_90_days, 4);
    assert_eq!(f.longest_gap_days, Some((d("28/08/2026") - d("01/01/2026")).num_days()));
    assert_eq!((f.dated, f.total), (5, 6));
}
