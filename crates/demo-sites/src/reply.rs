//! What a demo site answers to one request: [`Reply`] (status, content type, body, redirect target).

/// What the server answers to one request.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: String,
    /// Target of a redirect.
    pub location: Option<String>,
}

impl Reply {
    pub fn html(body: String) -> Reply {
        Reply {
            status: 200,
            content_type: "text/html; charset=utf-8",
            body,
            location: None,
        }
    }

    pub fn typed(content_type: &'static str, body: String) -> Reply {
        Reply {
            status: 200,
            content_type,
            body,
            location: None,
        }
    }

    pub fn redirect(to: String) -> Reply {
        Reply {
            status: 302,
            content_type: "text/html; charset=utf-8",
            body: format!("<html><body><a href=\"{to}\">{to}</a></body></html>"),
            location: Some(to),
        }
    }

    pub fn not_found() -> Reply {
        Reply {
            status: 404,
            content_type: "text/html; charset=utf-8",
            body: "<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>404 - Không tìm thấy trang</title></head>\
                   <body><h1>Không tìm thấy trang</h1><p>Trang bạn yêu cầu không tồn tại hoặc đã bị xóa.</p></body></html>"
                .into(),
            location: None,
        }
    }
}
