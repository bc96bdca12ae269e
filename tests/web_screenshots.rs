//! The phone screenshot of the browser stage where people open it: the scorecard written in the
//! run folder finds it by its relative link, and `ictrank serve` answers the same link from the
//! scorecard page (and links it from the unit page) — only plain file names in the run's
//! screenshot folder, nothing outside it, and only to a signed-in visitor.

#[path = "support/webapp.rs"]
mod webapp;

use ictrank::audit::checks::browser::SCREENSHOT_NOTE;
use ictrank::audit::model::Evidence;
use ictrank::browser::SHOTS_DIR;
use ictrank::pipeline::run::results_for_run;
use ictrank::registry::Evaluation;
use ictrank::store::{self, Store};
use reqwest::StatusCode;
use webapp::{audit_of, date, start_app};

const FILE: &str = "skhcn.thunghiem.gov.vn.jpg";
const IMAGE: &str = "anh-jpeg-thu-nghiem";

#[tokio::test]
async fn the_scorecard_s_phone_screenshot_opens_from_the_run_folder_and_from_serve() {
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("run-1");
    let shots = run_dir.join(SHOTS_DIR);
    std::fs::create_dir_all(&shots).unwrap();
    std::fs::write(shots.join(FILE), IMAGE).unwrap();
    // files that must never be served: one beside the folder, one linked into it
    std::fs::write(run_dir.join("bi-mat.jpg"), "bí mật").unwrap();
    std::os::unix::fs::symlink(run_dir.join("bi-mat.jpg"), shots.join("lien-ket.jpg")).unwrap();

    let store = Store::open(&dir.path().join("web.db").to_string_lossy()).await.unwrap();
    let eval = Evaluation::load(std::path::Path::new("data/evaluations/demo-2026")).unwrap();
    let app = start_app(store, eval, tempfile::tempdir().unwrap()).await;
    let (store, eval) = (&app.state.store, &app.state.eval);
    let unit = eval.units.iter().find(|u| u.id == "so-khoa-hoc-va-cong-nghe").unwrap();
    let run_id = store::crawl::create_run(store, "{}").await.unwrap();
    store::pipeline::start_run(store, run_id, &eval.id, "data/evaluations/demo-2026", date())
        .await
        .unwrap();
    let mut audit = audit_of(eval, unit, true);
    let phone = audit
        .criteria
        .iter_mut()
        .find(|c| c.id == "tuong_thich_di_dong")
        .unwrap();
    phone.evidence.push(Evidence {
        url: shots.join(FILE).display().to_string(),
        note: format!("trang chủ: {SCREENSHOT_NOTE} 390 px"),
    });
    store::audit::save_audit(store, run_id, Some(&unit.id), &audit)
        .await
        .unwrap();
    store::pipeline::finish_run(store, run_id, 0, &run_dir.display().to_string())
        .await
        .unwrap();

    // the run folder: scorecards/<unit>.html links ../anh-dien-thoai/<file>
    let results = results_for_run(store, eval, run_id).await.unwrap();
    ictrank::pipeline::reports::write_run_reports(store, eval, &results, &run_dir)
        .await
        .unwrap();
    let card = std::fs::read_to_string(run_dir.join(format!("scorecards/{}.html", unit.id))).unwrap();
    let src = format!("../{SHOTS_DIR}/{FILE}");
    assert!(card.contains(&format!(r#"src="{src}""#)), "{card}");
    let on_disk = run_dir.join("scorecards").join(&src);
    assert_eq!(std::fs::read_to_string(on_disk).unwrap(), IMAGE);

    // serve: the same relative link from the scorecard page
    let page = format!("/runs/{run_id}/units/{}/scorecard", unit.id);
    let (status, html) = app.get(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!(r#"src="{src}""#)), "{html}");
    let base = url::Url::parse(&format!("{}{page}", app.base)).unwrap();
    let img = base.join(&src).unwrap();
    assert_eq!(img.path(), format!("/runs/{run_id}/units/{SHOTS_DIR}/{FILE}"));
    let (status, body) = app.get(img.path()).await;
    assert_eq!((status, body.as_str()), (StatusCode::OK, IMAGE));
    // the unit page links it too
    let (_, unit_page) = app.get(&format!("/runs/{run_id}/units/{}", unit.id)).await;
    assert!(unit_page.contains(&format!(r#"href="{}""#, img.path())), "{unit_page}");

    // nothing else: traversal, a link out of the folder, a missing file, another run
    for bad in [
        format!("/runs/{run_id}/units/{SHOTS_DIR}/..%2Fbi-mat.jpg"),
        format!("/runs/{run_id}/units/{SHOTS_DIR}/%2E%2E%2F%2E%2E%2Fweb.db"),
        format!("/runs/{run_id}/units/{SHOTS_DIR}/lien-ket.jpg"),
        format!("/runs/{run_id}/units/{SHOTS_DIR}/khong-co.jpg"),
        format!("/runs/{}/units/{SHOTS_DIR}/{FILE}", run_id + 1),
    ] {
        let (status, body) = app.get(&bad).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
        assert!(!body.contains("bí mật"), "{bad}");
    }
    app.logout_locally();
    let (status, _) = app.get(img.path()).await;
    assert_ne!(status, StatusCode::OK, "a visitor who has not signed in");
}
