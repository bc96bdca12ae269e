//! Contact details: the agency's address, phone and e-mail in the footer or on its contact page
//! (the criterion's section). Also the footer reading the dates-and-footer check shares: which
//! words label an address and a phone number is the criterion's `markers.address` and
//! `markers.phone`.

use super::{Check, Ctx, Home, ev, folded};
use crate::audit::contacts::{has_email, has_phone};
use crate::audit::sections::{SectionFind, find_section};
use crate::audit::view::{sel, visible_text};
use crate::rubric::Criterion;
use crate::util::text::fold;
use scraper::Html;

/// The footer's text: `footer` elements or footer-named containers, else the end of the page.
pub(super) fn footer_text(html: &Html) -> String {
    let s = sel("footer, #footer, .footer, [id*=footer], [class*=footer], [id*=Footer], [class*=Footer]");
    let t: String = html.select(&s).map(visible_text).collect::<Vec<_>>().join(" ");
    if !t.trim().is_empty() {
        return t;
    }
    let all = html.select(&sel("body")).next().map(visible_text).unwrap_or_default();
    let n = all.chars().count();
    all.chars().skip(n.saturating_sub(1500)).collect()
}

/// Which contact details a text gives.
pub(super) struct ContactFound {
    pub address: bool,
    pub phone: bool,
    pub email: bool,
}

/// The contact details in `text`: an address by its label (`markers.address`), a phone number with
/// its label (`markers.phone`), an e-mail address.
pub(super) fn contact_in(c: &Criterion, text: &str) -> ContactFound {
    let f = fold(text);
    let said = |set: &str| folded(c.markers(set)).iter().any(|w| f.contains(w.as_str()));
    ContactFound {
        address: said("address"),
        phone: has_phone(text) && said("phone"),
        email: has_email(text),
    }
}

pub(super) fn contact_details(c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    let (html, url) = (home.html, home.url);
    let foot = contact_in(c, &footer_text(html));
    if foot.address && foot.phone && foot.email {
        return Check::yes(0.9, vec![ev(url, "chân trang có địa chỉ, điện thoại và thư điện tử")]);
    }
    if let SectionFind::Found { cand, page, .. } = find_section(ctx.view, ctx.prof, c)
        && let Some(h) = ctx.view.html(page)
    {
        let t = h.select(&sel("body")).next().map(visible_text).unwrap_or_default();
        let p = contact_in(c, &t);
        if p.address && p.phone && p.email {
            return Check::yes(
                0.85,
                vec![ev(&cand.url, "trang liên hệ có địa chỉ, điện thoại và thư điện tử")],
            );
        }
    }
    let missing: Vec<&str> = [
        ("địa chỉ", foot.address),
        ("điện thoại", foot.phone),
        ("thư điện tử", foot.email),
    ]
    .iter()
    .filter(|(_, ok)| !ok)
    .map(|(n, _)| *n)
    .collect();
    Check::no(
        0.65,
        vec![ev(
            url,
            format!("thiếu {} ở chân trang và trang liên hệ", missing.join(", ")),
        )],
    )
}

#[cfg(test)]
mod tests {
    use super::super::testing::{page, site};
    use crate::audit::model::Outcome;
    use crate::audit::{Profiles, audit_site};
    use crate::rubric::{BUILTIN_NAME, Rubric};
    use crate::snapshot::PageRole;
    use std::path::Path;

    /// The outcomes of the contact-details and domain criteria on a site whose footer gives the
    /// agency's seat, phone and e-mail.
    fn outcomes(rubric: &Rubric) -> (Outcome, Outcome) {
        let home = "<html lang=\"vi\"><body><main><h1>Sở Tư pháp</h1></main><footer>Trụ sở: 01 Trần Phú, \
                    Quy Nhơn. ĐT: (0256) 3822 111. Email: vanphong@stp.binhdinh.gov.vn</footer></body></html>";
        let snap = site(vec![page(
            "http://stp.binhdinh.gov.vn/",
            PageRole::Home,
            "text/html",
            home,
        )]);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let a = audit_site(&snap, rubric, "department", day, &Profiles::builtin());
        let get = |id: &str| a.criteria.iter().find(|c| c.id == id).unwrap().outcome;
        (get("thong_tin_giao_dich"), get("ten_mien"))
    }

    #[test]
    fn the_words_a_check_reads_are_the_rubric_s() {
        let text = include_str!("../../../data/rubrics/binh-dinh-4158-2015.toml");
        assert_eq!(outcomes(&Rubric::builtin()), (Outcome::Met, Outcome::Met));
        // Without "trụ sở" among the address words the seat is no address; without gov.vn among the
        // domains the host is no state domain.
        let edited = text
            .replacen(
                "markers.address = [\"địa chỉ\", \"trụ sở\"]",
                "markers.address = [\"địa chỉ\"]",
                1,
            )
            .replacen(
                "markers.domains = [\"gov.vn\"]",
                "markers.domains = [\"gov.example\"]",
                1,
            );
        assert_ne!(edited, text);
        let rubric = Rubric::parse(&edited, Path::new(BUILTIN_NAME)).unwrap();
        assert_eq!(outcomes(&rubric), (Outcome::NotMet, Outcome::NotMet));
    }
}
