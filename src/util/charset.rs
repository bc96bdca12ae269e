//! Body decoding: the charset from the Content-Type header, else the HTML meta tag or XML
//! declaration, else detection (chardetng). Windows-1258 output is NFC-normalised (it encodes tones
//! as combining marks), and text in the legacy Vietnamese font encodings TCVN3 (ABC) and VNI —
//! bytes that decode "correctly" as Windows-1252 yet read as garbage — is recognised and flagged.
//! Main function: [`decode`]; result type [`Decoded`].

use aho_corasick::AhoCorasick;
use encoding_rs::Encoding;
use regex::bytes::Regex;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// A decoded body.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's WHATWG name, lower case (e.g. "utf-8", "windows-1258").
    pub encoding: String,
    /// Where the charset came from: "header", "meta", "bom" or "detected".
    pub source: &'static str,
    /// A legacy Vietnamese encoding the text is in: "windows-1258", "tcvn3" or "vni".
    pub legacy: Option<&'static str>,
}

impl Decoded {
    /// The form stored in `Page::charset`: `"<encoding> (<source>)"`, plus `"; legacy=<name>"` for
    /// legacy Vietnamese encodings.
    pub fn label(&self) -> String {
        match self.legacy {
            Some(l) => format!("{} ({}); legacy={l}", self.encoding, self.source),
            None => format!("{} ({})", self.encoding, self.source),
        }
    }
}

static META_CHARSET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).unwrap());
static XML_ENCODING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_\-.]+)"#).unwrap());

/// The charset parameter of a Content-Type value.
pub fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        if !k.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes())
    })
}

fn meta_charset(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(4096)];
    XML_ENCODING
        .captures(head)
        .or_else(|| META_CHARSET.captures(head))
        .and_then(|c| Encoding::for_label(&c[1]))
}

/// Decodes `body` for a response with Content-Type `content_type`.
pub fn decode(body: &[u8], content_type: Option<&str>) -> Decoded {
    let (encoding, source) = if let Some((enc, _)) = Encoding::for_bom(body) {
        (enc, "bom")
    } else if let Some(enc) = content_type.and_then(header_charset) {
        (enc, "header")
    } else if let Some(enc) = meta_charset(body) {
        (enc, "meta")
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(body, true);
        (det.guess(Some(b"vn"), chardetng::Utf8Detection::Allow), "detected")
    };
    // A meta tag inside UTF-16 is meaningless: pages that declare it are ASCII-compatible.
    let encoding = if source == "meta" && (encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE) {
        encoding_rs::UTF_8
    } else {
        encoding
    };
    let (text, _, _) = encoding.decode(body);
    let mut text = text.into_owned();
    let mut legacy = None;
    if encoding == encoding_rs::WINDOWS_1258 {
        text = text.nfc().collect();
        legacy = Some("windows-1258");
    } else if let Some(font) = font_encoding(&text) {
        legacy = Some(font);
    }
    Decoded {
        text,
        encoding: encoding.name().to_ascii_lowercase(),
        source,
        legacy,
    }
}

/// Recognises Vietnamese typed in the TCVN3 (ABC) or VNI fonts: such text, decoded as any 8-bit
/// or UTF-8 charset, shows these signature words (e.g. "Việt" is "ViÖt" in TCVN3, "Vieät" in VNI).
pub fn font_encoding(text: &str) -> Option<&'static str> {
    const TCVN3: &[&str] = &[
        "ViÖt",
        "cña",
        "vµ",
        "®\u{AD}îc",
        "ng\u{AD}êi",
        "nh©n",
        "th«ng",
        "®Þnh",
        "quyÕt",
        "tØnh",
        "c¸c",
        "®Õn",
        "n¨m",
    ];
    const VNI: &[&str] = &[
        "Vieät",
        "cuûa",
        "vaø",
        "ñöôïc",
        "ngöôøi",
        "nhaân",
        "thoâng",
        "ñònh",
        "quyeát",
        "tænh",
        "caùc",
        "ñeán",
        "naêm",
    ];
    // One pass over the text for all 26 words (the crawler decodes every page it fetches).
    static WORDS: LazyLock<AhoCorasick> =
        LazyLock::new(|| AhoCorasick::new(TCVN3.iter().chain(VNI)).expect("fixed word list"));
    let mut seen = [false; TCVN3.len() + VNI.len()];
    for m in WORDS.find_overlapping_iter(text) {
        seen[m.pattern().as_usize()] = true;
    }
    let (tcvn3, vni) = seen.split_at(TCVN3.len());
    let tcvn3 = tcvn3.iter().filter(|s| **s).count();
    let vni = vni.iter().filter(|s| **s).count();
    if tcvn3.max(vni) < 3 {
        None
    } else if tcvn3 >= vni {
        Some("tcvn3")
    } else {
        Some("vni")
    }
}

/// True for content types whose bodies are text worth decoding.
pub fn is_textual(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type {
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            ct.starts_with("text/")
                || ct.contains("html")
                || ct.contains("xml")
                || ct.contains("json")
                || ct.contains("javascript")
        }
        None => !body[..body.len().min(512)].contains(&0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_then_meta_then_detection() {
        // "Việt Nam" in Windows-1258: ê (0xEA) then a combining dot below (0xF2)
        let bytes = b"<html><head><meta charset=\"windows-1258\"></head><body>Vi\xEA\xF2t Nam</body></html>".to_vec();
        let d = decode(&bytes, Some("text/html"));
        assert_eq!(
            (d.encoding.as_str(), d.source, d.legacy),
            ("windows-1258", "meta", Some("windows-1258"))
        );
        assert!(d.text.contains("Việt Nam"), "{}", d.text);
        let d = decode(&bytes, Some("text/html; charset=windows-1258"));
        assert_eq!(d.source, "header");
        let d = decode("Cổng thông tin điện tử tỉnh".as_bytes(), None);
        assert_eq!((d.encoding.as_str(), d.source), ("utf-8", "detected"));
        let d = decode(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss/>", None);
        assert_eq!((d.encoding.as_str(), d.source), ("windows-1252", "meta"));
    }

    #[test]
    fn flags_font_encoded_vietnamese() {
        // "Cổng thông tin điện tử của tỉnh, Việt Nam, năm 2020" typed in the TCVN3 (ABC) font
        assert_eq!(
            font_encoding("Céng th«ng tin ®iÖn tö cña tØnh, ViÖt Nam, n¨m 2020"),
            Some("tcvn3")
        );
        assert_eq!(
            font_encoding("Coång thoâng tin ñieän töû cuûa tænh, Vieät Nam, naêm 2020"),
            Some("vni")
        );
        assert_eq!(font_encoding("Cổng thông tin điện tử của tỉnh, Việt Nam"), None);
    }
}
