//! What stands before the demo's web server for sites that are not plain HTTP on 127.0.0.1 (the
//! current-regime demo's network checks): a listener that reads a connection's first byte and
//! speaks TLS to a client opening with a handshake (the certificate chosen by the site's
//! [`Transport`]: the demo CA's valid one, or an expired one) and plain HTTP otherwise, redirecting
//! http:// to https:// for the sites served over HTTPS. Both then go through to the web server. One
//! such listener on 127.0.0.1 and, for IPv6 sites, one on `[::1]`: a host's one address override
//! serves both schemes.
//!
//! Main items: [`Front`], [`DemoTls`] and [`spawn_front`].

use crate::spec::Transport;
use anyhow::{Context, Result};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;

/// The demo CA (PEM): a client trusting it finds the https sites' certificate valid.
pub const CA_PEM: &str = include_str!("../data/tls/ca.pem");
const VALID_PEM: &str = include_str!("../data/tls/valid.pem");
const EXPIRED_PEM: &str = include_str!("../data/tls/expired.pem");
const KEY_PEM: &str = include_str!("../data/tls/leaf.key");

/// The request head read at most before a plain connection is passed on.
const MAX_HEAD: usize = 16 * 1024;

/// The certificates of the demo's https sites, chosen per host by the TLS server name.
#[derive(Debug)]
pub struct DemoTls {
    valid: Arc<CertifiedKey>,
    expired: Arc<CertifiedKey>,
    transports: Arc<HashMap<String, Transport>>,
}

impl DemoTls {
    /// The bundled certificates, for hosts of the given transports.
    pub fn new(transports: Arc<HashMap<String, Transport>>) -> Result<DemoTls> {
        let provider = rustls::crypto::ring::default_provider();
        let key = |pem: &str| -> Result<Arc<CertifiedKey>> {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem.as_bytes())
                .collect::<Result<_, _>>()
                .context("demo certificate")?;
            let key = PrivateKeyDer::from_pem_slice(KEY_PEM.as_bytes()).context("demo key")?;
            let signing = provider.key_provider.load_private_key(key).context("demo key")?;
            Ok(Arc::new(CertifiedKey::new(certs, signing)))
        };
        Ok(DemoTls {
            valid: key(VALID_PEM)?,
            expired: key(EXPIRED_PEM)?,
            transports,
        })
    }
}

impl ResolvesServerCert for DemoTls {
    /// The valid certificate for an https site, the expired one for a broken one; none (the
    /// handshake fails: no HTTPS service) for the others.
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        match self.transports.get(&hello.server_name()?.to_ascii_lowercase())? {
            Transport::Https => Some(self.valid.clone()),
            Transport::BrokenCertificate => Some(self.expired.clone()),
            Transport::Http | Transport::Ipv6 => None,
        }
    }
}

/// A running front listener.
pub struct Front {
    pub addr: SocketAddr,
    pub task: JoinHandle<()>,
}

/// Listens on `bind` and passes every connection to the web server at `backend`, over TLS when
/// the client opens with a handshake.
pub async fn spawn_front(bind: &str, backend: SocketAddr, tls: Arc<DemoTls>) -> Result<Front> {
    let listener = TcpListener::bind(bind)
        .await
        .with_context(|| format!("demo server: cannot bind {bind}"))?;
    let addr = listener.local_addr()?;
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .context("demo TLS")?
        .with_no_client_auth()
        .with_cert_resolver(tls.clone());
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let task = tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            let tls = tls.clone();
            tokio::spawn(async move {
                if let Err(e) = pass_on(tcp, backend, &acceptor, &tls).await {
                    tracing::debug!("demo front: {e:#}");
                }
            });
        }
    });
    Ok(Front { addr, task })
}

async fn pass_on(tcp: TcpStream, backend: SocketAddr, acceptor: &TlsAcceptor, tls: &DemoTls) -> Result<()> {
    let mut first = [0u8; 1];
    tcp.peek(&mut first).await?;
    if first[0] == 0x16 {
        // a TLS ClientHello: a refused certificate ends the handshake here
        let mut stream = acceptor.accept(tcp).await?;
        let mut back = TcpStream::connect(backend).await?;
        tokio::io::copy_bidirectional(&mut stream, &mut back).await?;
        return Ok(());
    }
    let mut tcp = tcp;
    let mut head = Vec::new();
    let mut buf = [0u8; 2048];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_HEAD {
        let n = tcp.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let text = String::from_utf8_lossy(&head);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_string();
    let host = text
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case("host").then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    let name = host
        .rsplit_once(':')
        .map_or(host.as_str(), |(n, _)| n)
        .to_ascii_lowercase();
    if tls.transports.get(&name) == Some(&Transport::Https) {
        let reply = format!(
            "HTTP/1.1 301 Moved Permanently\r\nlocation: https://{name}{path}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        );
        tcp.write_all(reply.as_bytes()).await?;
        tcp.shutdown().await?;
        return Ok(());
    }
    let mut back = TcpStream::connect(backend).await?;
    back.write_all(&head).await?;
    tokio::io::copy_bidirectional(&mut tcp, &mut back).await?;
    Ok(())
}
