//! HTTPS on rustls's ring provider, end to end on loopback: a TLS server with a certificate for
//! `tls.test` signed by a test CA (tests/fixtures/tls, valid 2020–2120). A client from
//! `crawl::fetch::client_builder` that trusts the CA completes the handshake and reads the page; the
//! crawler, which trusts only the system's roots, refuses the certificate and records the site as
//! "could not verify" (TLS), without an HTTP request.

mod support;

use ictrank::crawl::fetch::client_builder;
use ictrank::crawl::{CrawlTarget, crawl};
use ictrank::snapshot::{ErrorKind, SiteOutcome};
use ictrank::store::crawl::load_snapshot;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::TlsAcceptor;

const PAGE: &str = "<html><head><title>Trang chủ</title></head><body><h1>Cổng thông tin qua HTTPS</h1></body></html>";

fn tls_fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// A TLS server on 127.0.0.1 answering every request with [`PAGE`]; counts the requests it read.
async fn tls_server() -> (SocketAddr, Arc<AtomicUsize>) {
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(tls_fixture("tls.test.pem"))
        .unwrap()
        .map(|c| c.unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_file(tls_fixture("tls.test.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            let counted = counted.clone();
            tokio::spawn(async move {
                // A refused handshake ends here: nothing was requested.
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let reply = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html; charset=utf-8\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{PAGE}",
                    PAGE.len()
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, requests)
}

#[tokio::test]
async fn a_client_that_trusts_the_ca_reads_the_page_over_tls() {
    let (addr, requests) = tls_server().await;
    let ca = reqwest::Certificate::from_pem(&std::fs::read(tls_fixture("ca.pem")).unwrap()).unwrap();
    let client = client_builder()
        .tls_certs_only([ca])
        .resolve("tls.test", addr)
        .build()
        .unwrap();
    let r = client.get("https://tls.test/").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), PAGE);
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    // The same server under another name: the certificate does not match, the handshake fails.
    let other = client_builder()
        .tls_certs_only([reqwest::Certificate::from_pem(&std::fs::read(tls_fixture("ca.pem")).unwrap()).unwrap()])
        .resolve("khac.test", addr)
        .build()
        .unwrap();
    let e = other.get("https://khac.test/").send().await.unwrap_err();
    assert!(format!("{e:?}").contains("NotValidForName"), "{e:?}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn the_crawler_refuses_a_certificate_of_an_unknown_issuer() {
    let (addr, requests) = tls_server().await;
    let (store, _dir, _) = support::temp_store().await;
    let mut cfg = support::test_config();
    cfg.resolve.insert("tls.test".into(), addr);
    let target = CrawlTarget {
        unit_id: None,
        url: "https://tls.test/".into(),
    };
    let summary = crawl(&store, vec![target], &cfg).await.unwrap();
    assert_eq!((summary.sites_ok, summary.sites_could_not_verify), (0, 1), "{summary}");
    let snap = load_snapshot(&store, summary.run_id, "https://tls.test/")
        .await
        .unwrap();
    match &snap.outcome {
        SiteOutcome::CouldNotVerify { kind, detail } => {
            assert_eq!(*kind, ErrorKind::Tls, "{detail}");
            assert!(detail.contains("UnknownIssuer"), "{detail}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "no request through a refused handshake"
    );
}
