//! The network checks, `https` and `ipv6`: facts probed at crawl time (a certificate, a redirect, an
//! AAAA record, a page over IPv6), not read from the stored HTML. Until the crawl stores those
//! probes these checks say they could not verify, with the cause in Vietnamese: could-not-verify
//! is never absence, so a site is not scored 0 for a fact nobody measured.

use super::{Check, Ctx, Home, ev};
use crate::rubric::Criterion;

/// A valid certificate, http → https, no mixed content.
pub(super) fn https(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    not_probed(ctx, home, "chứng thư số, chuyển hướng http → https và nội dung hỗn hợp")
}

/// An AAAA record and a page served over IPv6.
pub(super) fn ipv6(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    not_probed(ctx, home, "bản ghi AAAA và trang trả lời qua IPv6")
}

fn not_probed(_ctx: &Ctx, home: &Home, what: &str) -> Check {
    Check::unverified(vec![ev(
        home.url,
        format!("không kiểm tra được: lần thu thập này không đo {what} (cần bước kiểm tra mạng khi thu thập)"),
    )])
}
