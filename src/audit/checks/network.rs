//! The network checks, `https` and `ipv6`: facts probed at crawl time ([`crate::crawl::probe`],
//! stored as the snapshot's [`Probe`]) — a certificate, a redirect, an AAAA record, a page over
//! IPv6 — plus mixed content, read from the stored https:// pages. A snapshot without a probe, a
//! probe that timed out, or a failure on the checking side is "could not verify", never absence:
//! a site is not scored 0 for a fact nobody measured.

use super::{Check, Ctx, Home, ev};
use crate::rubric::{CheckName, Criterion};
use crate::snapshot::{CertificateState, Probe, RedirectState};
use scraper::Selector;
use std::sync::LazyLock;

/// Confidence of a probed fact (the TLS library's verdict, an HTTP answer).
const PROBED: f64 = 0.95;
/// Mixed-content URLs quoted in the evidence at most.
const MAX_QUOTED: usize = 3;

/// A valid certificate, http → https, no mixed content on the crawled https:// pages.
pub(super) fn https(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    https_at(ctx, home.url)
}

/// The `https` check, its evidence about `site_url` when not about a probed URL.
fn https_at(ctx: &Ctx, site_url: &str) -> Check {
    let Some(probe) = probe(ctx) else {
        return not_probed(site_url, "chứng thư số và chuyển hướng http → https");
    };
    let mut evidence = Vec::new();
    let cert_ok = match &probe.certificate {
        CertificateState::Valid { not_after } => {
            let until = not_after
                .map(|d| format!(", hết hạn ngày {}", d.format("%d/%m/%Y")))
                .unwrap_or_default();
            evidence.push(ev(&probe.https_url, format!("chứng thư số hợp lệ cho tên miền{until}")));
            true
        }
        CertificateState::Expired { not_after } => {
            let when = not_after
                .map(|d| format!(" ngày {}", d.format("%d/%m/%Y")))
                .unwrap_or_default();
            evidence.push(ev(&probe.https_url, format!("chứng thư số đã hết hạn{when}")));
            false
        }
        CertificateState::WrongHost { detail } => {
            evidence.push(ev(
                &probe.https_url,
                format!("chứng thư số không cấp cho tên miền này ({detail})"),
            ));
            false
        }
        CertificateState::Untrusted { detail } => {
            evidence.push(ev(
                &probe.https_url,
                format!("chứng thư số không do tổ chức được tin cậy cấp ({detail})"),
            ));
            false
        }
        CertificateState::NoHttps { detail } => {
            evidence.push(ev(&probe.https_url, format!("không có dịch vụ HTTPS ({detail})")));
            false
        }
        CertificateState::Failed { detail } | CertificateState::Refused { detail } => {
            return Check::unverified(vec![ev(
                &probe.https_url,
                format!("không kiểm tra được HTTPS: {detail}"),
            )]);
        }
    };
    let redirect_ok = match &probe.redirect {
        RedirectState::ToHttps { status, location } => {
            evidence.push(ev(
                &probe.http_url,
                format!("http:// chuyển sang https:// (HTTP {status} → {location})"),
            ));
            true
        }
        RedirectState::NotRedirected { status, location } => {
            let end = location.as_deref().map(|l| format!(", dừng ở {l}")).unwrap_or_default();
            evidence.push(ev(
                &probe.http_url,
                format!("http:// không chuyển sang https:// (HTTP {status}{end})"),
            ));
            false
        }
        RedirectState::NotProbed { detail } => {
            if cert_ok {
                return Check::unverified(vec![ev(
                    &probe.http_url,
                    format!("không kiểm tra được chuyển hướng http → https: {detail}"),
                )]);
            }
            evidence.push(ev(&probe.http_url, detail.clone()));
            false
        }
        RedirectState::Unreachable { detail } => {
            // nothing is served unencrypted: no redirect is needed
            evidence.push(ev(
                &probe.http_url,
                format!("http:// không phục vụ nội dung không mã hóa ({detail})"),
            ));
            true
        }
    };
    let mixed = mixed_content(ctx);
    let https_pages = ctx
        .view
        .snapshot
        .pages
        .iter()
        .filter(|p| p.is_ok_html() && p.final_url.starts_with("https://"))
        .count();
    if mixed.is_empty() {
        if https_pages > 0 {
            evidence.push(ev(
                site_url,
                format!("không có nội dung hỗn hợp trên {https_pages} trang https:// đã thu thập"),
            ));
        }
    } else {
        for (page, resource) in mixed.iter().take(MAX_QUOTED) {
            evidence.push(ev(page, format!("nội dung hỗn hợp: tải {resource} qua http://")));
        }
        if mixed.len() > MAX_QUOTED {
            evidence.push(ev(
                site_url,
                format!("tổng cộng {} tài nguyên http:// trên các trang https://", mixed.len()),
            ));
        }
    }
    if cert_ok && redirect_ok && mixed.is_empty() {
        Check::yes(PROBED, evidence)
    } else {
        Check::no(PROBED, evidence)
    }
}

/// An AAAA record and a page served over IPv6.
pub(super) fn ipv6(_c: &Criterion, ctx: &Ctx, home: &Home) -> Check {
    ipv6_at(ctx, home.url)
}

/// The `ipv6` check, its evidence about `site_url`.
fn ipv6_at(ctx: &Ctx, site_url: &str) -> Check {
    let Some(probe) = probe(ctx) else {
        return not_probed(site_url, "bản ghi AAAA và trang trả lời qua IPv6");
    };
    let v6 = &probe.ipv6;
    if let Some(e) = &v6.lookup_error {
        return Check::unverified(vec![ev(site_url, format!("không kiểm tra được IPv6: {e}"))]);
    }
    if v6.addresses.is_empty() {
        return if v6.failure.as_deref() == Some("guard") {
            Check::unverified(vec![ev(site_url, format!("không kiểm tra được IPv6: {}", v6.detail))])
        } else {
            Check::no(
                PROBED,
                vec![ev(site_url, "tên miền không có bản ghi AAAA (địa chỉ IPv6)")],
            )
        };
    }
    let addresses = format!("bản ghi AAAA: {}", v6.addresses.join(", "));
    match (v6.status, v6.failure.as_deref()) {
        (Some(_), _) => Check::yes(PROBED, vec![ev(site_url, addresses), ev(site_url, v6.detail.clone())]),
        (None, Some("refused")) => Check::no(PROBED, vec![ev(site_url, addresses), ev(site_url, v6.detail.clone())]),
        // no route from here, a timeout: the checking side may lack IPv6, nothing is known
        _ => Check::unverified(vec![
            ev(site_url, addresses),
            ev(site_url, format!("không kiểm tra được trang qua IPv6: {}", v6.detail)),
        ]),
    }
}

fn probe<'a>(ctx: &Ctx<'_, 'a>) -> Option<&'a Probe> {
    ctx.view.snapshot.probe.as_ref()
}

/// A network check decided from the crawl's probe alone, for a site whose pages could not be read
/// (a certificate the crawler refused, a home page that did not load): the probe still knows its
/// certificate, redirect and IPv6. `None` for other checks and for a site without a probe.
///
/// Only what the host itself answered counts then: a certificate the TLS library judged, a page
/// served over IPv6. A host that answered nothing (refused, timed out) is "could not verify", its
/// network checks included.
pub(super) fn probed_only(name: CheckName, ctx: &Ctx) -> Option<Check> {
    let probe = ctx.view.snapshot.probe.as_ref()?;
    let url = ctx.view.snapshot.start_url.as_str();
    match name {
        CheckName::Https
            if matches!(
                probe.certificate,
                CertificateState::Valid { .. }
                    | CertificateState::Expired { .. }
                    | CertificateState::WrongHost { .. }
                    | CertificateState::Untrusted { .. }
            ) =>
        {
            Some(https_at(ctx, url))
        }
        CheckName::Ipv6 if probe.ipv6.status.is_some() => Some(ipv6_at(ctx, url)),
        _ => None,
    }
}

fn not_probed(site_url: &str, what: &str) -> Check {
    Check::unverified(vec![ev(
        site_url,
        format!("không kiểm tra được: lần thu thập này không đo {what} (cần bước kiểm tra mạng khi thu thập)"),
    )])
}

/// Elements that load a resource, with the attribute naming it. Links (`a href`) are not loads.
static LOADS: LazyLock<Vec<(Selector, &'static str)>> = LazyLock::new(|| {
    [
        ("img[src]", "src"),
        ("script[src]", "src"),
        ("iframe[src]", "src"),
        ("embed[src]", "src"),
        ("audio[src]", "src"),
        ("video[src]", "src"),
        ("source[src]", "src"),
        ("object[data]", "data"),
        ("link[rel~='stylesheet'][href]", "href"),
    ]
    .into_iter()
    .map(|(s, a)| (Selector::parse(s).expect("static selector"), a))
    .collect()
});

/// (page, resource) for every http:// resource an https:// page loads.
fn mixed_content(ctx: &Ctx) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for page in ctx
        .view
        .snapshot
        .pages
        .iter()
        .filter(|p| p.is_ok_html() && p.final_url.starts_with("https://"))
    {
        let Some(html) = ctx.view.html(page) else { continue };
        for (sel, attr) in LOADS.iter() {
            for el in html.select(sel) {
                if let Some(v) = el.value().attr(attr)
                    && v.trim().to_ascii_lowercase().starts_with("http://")
                {
                    out.push((page.final_url.clone(), v.trim().to_string()));
                }
            }
        }
    }
    out
}
