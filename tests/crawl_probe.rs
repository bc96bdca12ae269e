//! The transport probe (crawl::probe) on loopback: HTTPS against a CA made in the test (rcgen) with
//! a valid, an expired and a wrong-host certificate; the http:// → https:// redirect; IPv6 on ::1
//! (allowed only with a `--resolve` override or `--allow-private-addresses`, like 127.0.0.1); and a
//! crawl that stores the probe with the site, read back in its snapshot.

mod support;

use chrono::{Datelike, TimeZone, Utc};
use ictrank::crawl::probe::{ProbeOptions, ProbeScope, not_after_of, probe_site};
use ictrank::crawl::{CrawlConfig, CrawlTarget, crawl};
use ictrank::snapshot::{CertificateState, RedirectState};
use ictrank::store::crawl::load_snapshot;
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair, date_time_ymd};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;
use url::Url;

const PAGE: &str = "<html><head><title>Trang chủ</title></head><body><h1>Cổng thông tin</h1></body></html>";

/// A CA and a leaf for `names`, valid from 2020 to `until` (year, month, day).
struct Certs {
    ca_pem: String,
    leaf_der: Vec<u8>,
    key_der: Vec<u8>,
}

fn certs(names: &[&str], until: (i32, u8, u8)) -> Certs {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(rcgen::DnType::CommonName, "CA thử nghiệm");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    leaf.not_before = date_time_ymd(2020, 1, 1);
    leaf.not_after = date_time_ymd(until.0, until.1, until.2);
    let leaf_cert = leaf.signed_by(&key, &issuer).unwrap();
    Certs {
        ca_pem: ca_cert.pem(),
        leaf_der: leaf_cert.der().to_vec(),
        key_der: key.serialize_der(),
    }
}

/// How the plain-HTTP side of the test server answers.
#[derive(Clone, Copy)]
enum Plain {
    /// 301 to https:// on the same host.
    RedirectToHttps,
    /// 200 with the page.
    Page,
}

/// A server on `bind` that speaks TLS (with `certs`, when given) to a client that opens with a TLS
/// handshake and plain HTTP otherwise, so one `--resolve` address serves both schemes.
async fn server(bind: &str, certs: Option<&Certs>, plain: Plain) -> SocketAddr {
    let acceptor = certs.map(|c| {
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(
                vec![c.leaf_der.clone().into()],
                rustls::pki_types::PrivateKeyDer::Pkcs8(c.key_der.clone().into()),
            )
            .unwrap();
        TlsAcceptor::from(Arc::new(config))
    });
    let listener = tokio::net::TcpListener::bind(bind).await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let mut first = [0u8; 1];
                if tcp.peek(&mut first).await.is_err() {
                    return;
                }
                if first[0] == 0x16 {
                    let Some(acceptor) = acceptor else { return };
                    let Ok(tls) = acceptor.accept(tcp).await else { return };
                    answer(tls, Plain::Page).await;
                } else {
                    answer(tcp, plain).await;
                }
            });
        }
    });
    addr
}

async fn answer<S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin>(mut s: S, how: Plain) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match s.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let host = head
        .lines()
        .find_map(|l| l.strip_prefix("host: ").or_else(|| l.strip_prefix("Host: ")))
        .unwrap_or("")
        .to_string();
    let reply = match how {
        Plain::RedirectToHttps => {
            format!(
                "HTTP/1.1 301 Moved Permanently\r\nlocation: https://{host}/\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            )
        }
        Plain::Page => format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PAGE}",
            PAGE.len()
        ),
    };
    let _ = s.write_all(reply.as_bytes()).await;
    let _ = s.shutdown().await;
}

fn options(resolve: &[(&str, SocketAddr)], ca_pem: Option<&str>) -> ProbeOptions {
    ProbeOptions {
        policy: ictrank::crawl::address::AddressPolicy {
            allow_private: false,
            resolve: resolve.iter().map(|(h, a)| (h.to_string(), *a)).collect(),
        },
        extra_roots_pem: ca_pem.map(str::to_string).into_iter().collect(),
        user_agent: "ictrank-test".into(),
        connect_timeout: std::time::Duration::from_secs(2),
        request_timeout: std::time::Duration::from_secs(5),
        pacer: None,
    }
}

#[tokio::test]
async fn a_valid_certificate_and_a_redirect_to_https() {
    let c = certs(&["hop-le.test"], (2120, 1, 1));
    let addr = server("127.0.0.1:0", Some(&c), Plain::RedirectToHttps).await;
    let opts = options(&[("hop-le.test", addr)], Some(&c.ca_pem));
    let p = probe_site(&Url::parse("http://hop-le.test/").unwrap(), &opts, ProbeScope::Full).await;
    match &p.certificate {
        CertificateState::Valid { not_after: Some(d) } => assert_eq!((d.year(), d.month(), d.day()), (2120, 1, 1)),
        other => panic!("{other:?}"),
    }
    assert_eq!(p.https_url, "https://hop-le.test/");
    assert_eq!(
        p.redirect,
        RedirectState::ToHttps {
            status: 301,
            location: "https://hop-le.test/".into()
        }
    );
    // 127.0.0.1 only: no IPv6
    assert!(p.ipv6.addresses.is_empty() && p.ipv6.status.is_none(), "{:?}", p.ipv6);
    // The same server without the test CA among the roots: not trusted.
    let p = probe_site(
        &Url::parse("http://hop-le.test/").unwrap(),
        &options(&[("hop-le.test", addr)], None),
        ProbeScope::Full,
    )
    .await;
    assert!(
        matches!(p.certificate, CertificateState::Untrusted { .. }),
        "{:?}",
        p.certificate
    );
}

#[tokio::test]
async fn an_expired_certificate_and_no_redirect() {
    let c = certs(&["het-han.test"], (2021, 3, 15));
    let addr = server("127.0.0.1:0", Some(&c), Plain::Page).await;
    let opts = options(&[("het-han.test", addr)], Some(&c.ca_pem));
    let p = probe_site(&Url::parse("https://het-han.test/").unwrap(), &opts, ProbeScope::Full).await;
    match &p.certificate {
        CertificateState::Expired { not_after } => {
            if let Some(d) = not_after {
                assert_eq!((d.year(), d.month(), d.day()), (2021, 3, 15));
            }
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        p.redirect,
        RedirectState::NotRedirected {
            status: 200,
            location: None
        }
    );
}

#[tokio::test]
async fn a_certificate_for_another_host() {
    let c = certs(&["khac.test"], (2120, 1, 1));
    let addr = server("127.0.0.1:0", Some(&c), Plain::RedirectToHttps).await;
    let opts = options(&[("sai-ten.test", addr)], Some(&c.ca_pem));
    let p = probe_site(&Url::parse("https://sai-ten.test/").unwrap(), &opts, ProbeScope::Full).await;
    match &p.certificate {
        CertificateState::WrongHost { detail } => assert!(detail.contains("NotValidForName"), "{detail}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn certificate_only_asks_for_nothing_else() {
    let c = certs(&["chi-chung-thu.test"], (2021, 3, 15));
    let addr = server("127.0.0.1:0", Some(&c), Plain::Page).await;
    let opts = options(&[("chi-chung-thu.test", addr)], Some(&c.ca_pem));
    let p = probe_site(
        &Url::parse("https://chi-chung-thu.test/").unwrap(),
        &opts,
        ProbeScope::CertificateOnly,
    )
    .await;
    assert!(
        matches!(p.certificate, CertificateState::Expired { .. }),
        "{:?}",
        p.certificate
    );
    assert!(
        matches!(p.redirect, RedirectState::NotProbed { .. }),
        "{:?}",
        p.redirect
    );
    assert_eq!((p.ipv6.status, p.ipv6.failure.as_deref()), (None, Some("not_probed")));
}

#[tokio::test]
async fn no_https_service_at_all() {
    let addr = server("127.0.0.1:0", None, Plain::Page).await;
    let p = probe_site(
        &Url::parse("http://chi-http.test/").unwrap(),
        &options(&[("chi-http.test", addr)], None),
        ProbeScope::Full,
    )
    .await;
    assert!(
        matches!(p.certificate, CertificateState::NoHttps { .. }),
        "{:?}",
        p.certificate
    );
    assert!(
        matches!(p.redirect, RedirectState::NotRedirected { status: 200, .. }),
        "{:?}",
        p.redirect
    );
}

#[tokio::test]
async fn ipv6_on_loopback_only_when_allowed() {
    let Ok(probe_bind) = std::net::TcpListener::bind("[::1]:0") else {
        eprintln!("no IPv6 loopback on this machine: skipped");
        return;
    };
    drop(probe_bind);
    let addr = server("[::1]:0", None, Plain::Page).await;
    // A --resolve override to [::1]: the AAAA address, and the page served over it.
    let p = probe_site(
        &Url::parse("http://ipv6.test/").unwrap(),
        &options(&[("ipv6.test", addr)], None),
        ProbeScope::Full,
    )
    .await;
    assert_eq!(p.ipv6.addresses, ["::1"]);
    assert_eq!(p.ipv6.status, Some(200), "{}", p.ipv6.detail);
    // The literal address without permission: the guard refuses it, nothing is served.
    let literal = Url::parse(&format!("http://[::1]:{}/", addr.port())).unwrap();
    let p = probe_site(&literal, &options(&[], None), ProbeScope::Full).await;
    assert_eq!(p.ipv6.status, None);
    assert!(p.ipv6.detail.contains("nội bộ"), "{}", p.ipv6.detail);
    assert!(
        matches!(p.redirect, RedirectState::Unreachable { .. }),
        "{:?}",
        p.redirect
    );
    // With --allow-private-addresses it is served.
    let mut allowed = options(&[], None);
    allowed.policy.allow_private = true;
    let p = probe_site(&literal, &allowed, ProbeScope::Full).await;
    assert_eq!(p.ipv6.status, Some(200), "{}", p.ipv6.detail);
    // A host served on 127.0.0.1 has no IPv6 address.
    let v4 = server("127.0.0.1:0", None, Plain::Page).await;
    let p = probe_site(
        &Url::parse("http://v4.test/").unwrap(),
        &options(&[("v4.test", v4)], None),
        ProbeScope::Full,
    )
    .await;
    assert!(p.ipv6.addresses.is_empty());
    assert!(p.ipv6.detail.contains("AAAA"), "{}", p.ipv6.detail);
}

#[tokio::test]
async fn the_crawl_stores_the_probe_with_the_site() {
    let c = certs(&["so-thu.test"], (2120, 6, 30));
    let addr = server("127.0.0.1:0", Some(&c), Plain::RedirectToHttps).await;
    let (store, _dir) = support::sqlite_store().await;
    let cfg = CrawlConfig {
        probe_transport: true,
        extra_roots_pem: vec![c.ca_pem.clone()],
        resolve: [("so-thu.test".to_string(), addr)].into(),
        ..support::fixture::test_config()
    };
    let target = CrawlTarget {
        unit_id: None,
        url: "http://so-thu.test/".into(),
    };
    let summary = crawl(&store, vec![target], &cfg).await.unwrap();
    let snap = load_snapshot(&store, summary.run_id, "http://so-thu.test/")
        .await
        .unwrap();
    let probe = snap.probe.expect("the crawl probed the site");
    // without probe_transport (the default) the crawl probes nothing
    let quiet = CrawlConfig {
        probe_transport: false,
        ..cfg.clone()
    };
    let again = crawl(
        &store,
        vec![CrawlTarget {
            unit_id: None,
            url: "http://so-thu.test/".into(),
        }],
        &quiet,
    )
    .await
    .unwrap();
    let plain = load_snapshot(&store, again.run_id, "http://so-thu.test/")
        .await
        .unwrap();
    assert!(plain.probe.is_none());
    assert!(
        matches!(probe.certificate, CertificateState::Valid { .. }),
        "{:?}",
        probe.certificate
    );
    assert!(
        matches!(probe.redirect, RedirectState::ToHttps { .. }),
        "{:?}",
        probe.redirect
    );
}

#[test]
fn not_after_reads_from_the_der() {
    let c = certs(&["a.test"], (2031, 12, 31));
    let d = not_after_of(&c.leaf_der).unwrap();
    assert_eq!(d, Utc.with_ymd_and_hms(2031, 12, 31, 0, 0, 0).unwrap());
    assert_eq!(not_after_of(&c.leaf_der[..40]), None);
    assert_eq!(not_after_of(b""), None);
}
