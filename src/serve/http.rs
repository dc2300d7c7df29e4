//! The development server: serves the site from memory (never from `public/`), injects a
//! small live-reload script into HTML responses (never into built files), streams build
//! news as server-sent events, and refuses any path that is not a plain path into the site.
//! It answers only requests addressed to it by a loopback name or its own address (no DNS
//! rebinding), and drops connections that send headers too slowly or sit idle.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::{Body, Bytes as AxumBytes};
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use tokio::sync::broadcast;

use super::layers::Bytes;
use crate::diagnostics::{Diagnostic, Severity};

/// Where the server's own endpoints live; no site page is served under it.
pub const PREFIX: &str = "/__clockwork/";

/// One diagnostic as the browser overlay shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Problem {
    pub severity: &'static str,
    pub rule: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    pub fn from(d: &Diagnostic) -> Problem {
        Problem {
            severity: if d.severity == Severity::Error { "error" } else { "warning" },
            rule: d.rule.id(),
            file: d.file.clone(),
            line: d.line,
            column: d.column,
            message: d.message.clone(),
        }
    }
}

/// The state of the last build, as `/__clockwork/status` reports it.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Status {
    /// False while the content has errors (the pages served are the last good ones).
    pub ok: bool,
    /// Builds so far (good or not).
    pub build: u64,
    /// The errors of the last build (empty when ok).
    pub errors: Vec<Problem>,
}

/// What the build thread shares with the server.
pub struct Shared {
    pub files: RwLock<Arc<BTreeMap<String, Bytes>>>,
    pub status: RwLock<Status>,
    pub events: broadcast::Sender<LiveEvent>,
    /// `serve --edit`: the site's root and the session token; None, and the server writes
    /// nothing.
    pub editing: Option<super::edits::Editing>,
}

/// A server-sent event: `reload` (data: the output paths that changed), `errors` (data: the
/// problems), `ok` (the errors are fixed; nothing else changed).
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub name: &'static str,
    pub data: String,
}

impl Shared {
    pub fn new() -> Arc<Shared> {
        Shared::editing(None)
    }

    /// A server that accepts edits to the site's files when `editing` is set.
    pub fn editing(editing: Option<super::edits::Editing>) -> Arc<Shared> {
        let (events, _) = broadcast::channel(64);
        Arc::new(Shared { files: RwLock::new(Arc::default()), status: RwLock::new(Status::default()), events, editing })
    }

    /// Publishes a build: the new files (when it succeeded) and the news for browsers.
    pub fn publish(&self, files: Option<Arc<BTreeMap<String, Bytes>>>, changed: &[String], errors: Vec<Problem>) {
        let ok = errors.is_empty();
        let was_ok = self.status.read().map(|s| s.ok).unwrap_or(true);
        if let Some(files) = files
            && let Ok(mut f) = self.files.write()
        {
            *f = files;
        }
        let event = if !ok {
            LiveEvent { name: "errors", data: serde_json::to_string(&errors).unwrap_or_default() }
        } else if !changed.is_empty() {
            LiveEvent { name: "reload", data: serde_json::to_string(changed).unwrap_or_default() }
        } else {
            LiveEvent { name: "ok", data: String::from("{}") }
        };
        if let Ok(mut s) = self.status.write() {
            s.ok = ok;
            s.build += 1;
            s.errors = errors;
        }
        if !ok || was_ok != ok || event.name == "reload" {
            let _ = self.events.send(event);
        }
    }
}

/// How long a request's headers may take, and how long a connection may wait for its next
/// request (hyper's header timeout runs in both cases), before the connection is dropped.
pub const HEADER_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Serves until the process ends.
pub fn run(listener: std::net::TcpListener, shared: Arc<Shared>) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let bound = listener.local_addr()?.ip();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = Router::new()
            .route("/__clockwork/events", get(events))
            .route("/__clockwork/status", get(status))
            .route("/__clockwork/live.js", get(script))
            .route("/__clockwork/edit", post(edit))
            .fallback(page)
            .with_state(shared)
            .layer(axum::middleware::from_fn(
                move |req: axum::extract::Request, next: axum::middleware::Next| async move {
                    if host_allowed(req.headers().get(header::HOST), bound) {
                        next.run(req).await
                    } else {
                        misdirected()
                    }
                },
            ));
        loop {
            let (stream, _) = match listener.accept().await {
                Ok(accepted) => accepted,
                // Out of descriptors or a reset before accept: keep serving the others.
                Err(_) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            };
            let service = hyper_util::service::TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let connection = hyper::server::conn::http1::Builder::new()
                    .timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(HEADER_TIMEOUT)
                    .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                let _ = connection.await;
            });
        }
    })
}

/// Whether a request's `Host` names this server: a loopback name (`localhost`, `127.0.0.1`,
/// `[::1]`, any port), or its own address as a number. A page on another site that rebinds its
/// name to 127.0.0.1 still sends its own name, and is refused. Bound to every interface
/// (`--bind 0.0.0.0`), any address written as a number is the server's own.
pub fn host_allowed(host: Option<&HeaderValue>, bound: std::net::IpAddr) -> bool {
    let Some(host) = host.and_then(|h| h.to_str().ok()) else { return false };
    let name = match host.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((ip, _)) => ip,
            None => return false,
        },
        None => host
            .rsplit_once(':')
            .map_or(host, |(n, port)| if port.bytes().all(|b| b.is_ascii_digit()) { n } else { host }),
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    match name.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback() || ip == bound || bound.is_unspecified(),
        Err(_) => false,
    }
}

fn misdirected() -> Response {
    let text = "This preview answers only at its own address, such as http://localhost:1111/ (the request named another host).";
    let mut r = (StatusCode::MISDIRECTED_REQUEST, text).into_response();
    set(&mut r, header::CONTENT_TYPE, "text/plain; charset=utf-8");
    r
}

/// `serve --edit`'s one way in: a same-origin form post with the session token. An accepted
/// edit answers "see the page again" (the watcher rebuilds it and the page reloads); a
/// refused one says why, with nothing written.
async fn edit(State(shared): State<Arc<Shared>>, headers: axum::http::HeaderMap, body: AxumBytes) -> Response {
    let Some(editing) = &shared.editing else {
        return refused(
            StatusCode::FORBIDDEN,
            "This preview does not edit files: start it with `clockwork serve --edit`.",
            None,
        );
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if origin != Some(format!("http://{host}").as_str()) {
        return refused(StatusCode::FORBIDDEN, "Edits are taken only from this preview's own pages.", None);
    }
    let form: std::collections::HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    if !editing.token_ok(&form) {
        return refused(
            StatusCode::FORBIDDEN,
            "This form is from an earlier session of the preview; reload the page.",
            None,
        );
    }
    let back = headers
        .get(header::REFERER)
        .and_then(|r| r.to_str().ok())
        .and_then(|r| r.strip_prefix(&format!("http://{host}")))
        .filter(|path| path.starts_with('/') && !path.starts_with("//"))
        .unwrap_or("/")
        .to_string();
    let editing = editing.clone();
    match tokio::task::spawn_blocking(move || editing.apply(&form)).await {
        Ok(Ok(done)) => {
            eprintln!("{done}");
            let mut r = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&back) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Ok(Err(why)) => refused(StatusCode::CONFLICT, &why.0, Some(&back)),
        Err(_) => refused(StatusCode::INTERNAL_SERVER_ERROR, "The edit could not be made.", Some(&back)),
    }
}

/// A short page saying why an edit was not made, with the way back.
fn refused(status: StatusCode, why: &str, back: Option<&str>) -> Response {
    let esc = crate::util::escape_html;
    let link = back.map_or(String::new(), |b| format!("<p><a href=\"{}\">Back to the page</a></p>", esc(b)));
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The change was not saved</title></head><body><main><h1>The change was not saved</h1><p role=\"alert\" class=\"edit-refused\">{}</p>{link}</main></body></html>",
        esc(why)
    );
    let mut r = (status, page).into_response();
    set(&mut r, header::CONTENT_TYPE, "text/html; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let status = shared.status.read().map(|s| s.clone()).unwrap_or_default();
    let mut r = serde_json::to_string(&status).unwrap_or_default().into_response();
    set(&mut r, header::CONTENT_TYPE, "application/json");
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

async fn script() -> Response {
    let mut r = LIVE_JS.into_response();
    set(&mut r, header::CONTENT_TYPE, "text/javascript; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let rx = shared.events.subscribe();
    let hello =
        futures_util::stream::once(async { Ok::<Event, Infallible>(Event::default().event("hello").data("{}")) });
    let news = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(ev) => return Some((Ok::<Event, Infallible>(Event::default().event(ev.name).data(ev.data)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    use futures_util::StreamExt;
    Sse::new(hello.chain(news)).keep_alive(KeepAlive::default())
}

async fn page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    // The build number first, then the files: a page never claims a newer build than its own
    // (live.js reloads a page older than the last good build).
    let build = shared.status.read().map(|s| s.build).unwrap_or(0);
    let files = shared.files.read().map(|f| f.clone()).unwrap_or_default();
    if files.is_empty() {
        return html(StatusCode::SERVICE_UNAVAILABLE, NOT_BUILT.as_bytes(), None, build);
    }
    let Some(key) = output_key(uri.path()) else { return not_found(&files, build) };
    if let Some(bytes) = files.get(&key) {
        return file(&key, bytes, build);
    }
    // `/teams/ilt` is a folder: its relative links only work from `/teams/ilt/`.
    let folder_index = format!("{key}/index.html");
    if !key.ends_with("index.html") && files.contains_key(&folder_index) {
        let location = format!("{}/{}", uri.path(), uri.query().map_or(String::new(), |q| format!("?{q}")));
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        if let Ok(v) = HeaderValue::from_str(&location) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    not_found(&files, build)
}

fn not_found(files: &BTreeMap<String, Bytes>, build: u64) -> Response {
    match files.get("404.html") {
        // The 404 page's links are relative to the site root, wherever it is shown.
        Some(bytes) => html(StatusCode::NOT_FOUND, bytes, Some("<base href=\"/\">"), build),
        None => (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
}

fn file(key: &str, bytes: &Bytes, build: u64) -> Response {
    let kind = content_type(key);
    if kind.starts_with("text/html") {
        return html(StatusCode::OK, bytes, None, build);
    }
    let mut r = Body::from(AxumBytes::from_owner(bytes.clone())).into_response();
    set(&mut r, header::CONTENT_TYPE, kind);
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

/// An HTML response with the live-reload script (and `head`, if any) injected.
fn html(status: StatusCode, bytes: &[u8], head: Option<&str>, build: u64) -> Response {
    let mut r = (status, inject(bytes, head, build)).into_response();
    set(&mut r, header::CONTENT_TYPE, "text/html; charset=utf-8");
    set(&mut r, header::CACHE_CONTROL, "no-store");
    r
}

fn set(r: &mut Response, name: header::HeaderName, value: &'static str) {
    r.headers_mut().insert(name, HeaderValue::from_static(value));
}

/// The script tag, before the last `</body>` (or at the end), with the build the page comes
/// from, and extra head markup after the first `<head>`.
pub fn inject(page: &[u8], head: Option<&str>, build: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/__clockwork/live.js\" data-build=\"{build}\" defer></script>");
    let tag = tag.as_bytes();
    let mut out = Vec::with_capacity(page.len() + tag.len() + 32);
    let mut rest = page;
    if let Some(head) = head
        && let Some(at) = find(page, b"<head>", false)
    {
        out.extend_from_slice(&page[..at + 6]);
        out.extend_from_slice(head.as_bytes());
        rest = &page[at + 6..];
    }
    match find(rest, b"</body>", true) {
        Some(at) => {
            out.extend_from_slice(&rest[..at]);
            out.extend_from_slice(tag);
            out.extend_from_slice(&rest[at..]);
        }
        None => {
            out.extend_from_slice(rest);
            out.extend_from_slice(tag);
        }
    }
    out
}

fn find(hay: &[u8], needle: &[u8], last: bool) -> Option<usize> {
    let mut windows = hay.windows(needle.len());
    let hit = |w: &[u8]| w.eq_ignore_ascii_case(needle);
    if last { windows.rposition(hit) } else { windows.position(hit) }
}

/// The output path a request path names, or `None` for anything but a plain path into the
/// site: `..` or `.` segments (also percent-encoded), empty segments (`//etc/passwd`),
/// backslashes, NUL bytes, text that is not UTF-8.
pub fn output_key(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    let rest = decoded.strip_prefix('/')?;
    if rest.contains(['\\', '\0']) {
        return None;
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        let bad = matches!(*seg, "." | "..") || (seg.is_empty() && i != last);
        if bad {
            return None;
        }
    }
    Some(if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() })
}

fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built yet</title></head>\
<body><h1>The site is not built yet</h1><p>The content has errors: they are listed here and in the terminal. \
Fix them and save; this page reloads by itself.</p></body></html>";

/// The browser side: reloads when this page (or a style sheet, script or image) changed, and
/// shows the build's errors over the last good page until a build succeeds.
const LIVE_JS: &str = include_str!("live.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_name_output_files() {
        assert_eq!(output_key("/").as_deref(), Some("index.html"));
        assert_eq!(output_key("/teams/ilt/").as_deref(), Some("teams/ilt/index.html"));
        assert_eq!(output_key("/style.css").as_deref(), Some("style.css"));
        assert_eq!(output_key("/people/ana%20lopez/").as_deref(), Some("people/ana lopez/index.html"));
    }

    #[test]
    fn traversal_is_refused() {
        for bad in [
            "/../site.yaml",
            "/%2e%2e/site.yaml",
            "/%2E%2E/%2E%2E/etc/passwd",
            "/teams/../../site.yaml",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/..%5csite.yaml",
            "/a/./b",
            "/%00",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(output_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_local_names_and_the_servers_own_address_are_hosts() {
        let loopback: std::net::IpAddr = "127.0.0.1".parse().unwrap();
        let any: std::net::IpAddr = "0.0.0.0".parse().unwrap();
        let ok = |h: &str, bound| host_allowed(Some(&HeaderValue::from_str(h).unwrap()), bound);
        for h in ["localhost", "LOCALHOST:1111", "127.0.0.1:1111", "[::1]:80", "127.0.0.2"] {
            assert!(ok(h, loopback), "{h}");
        }
        for h in ["evil.example", "evil.example:1111", "localhost.evil.example", "192.168.1.5:1111", "[::1"] {
            assert!(!ok(h, loopback), "{h}");
        }
        assert!(ok("192.168.1.5:1111", any), "bound to every interface, the LAN address is its own");
        assert!(!ok("school.example", any));
        assert!(!host_allowed(None, loopback));
    }

    #[test]
    fn the_script_goes_before_the_body_ends() {
        let out = inject(b"<html><head></head><body><p>x</p></body></html>", Some("<base href=\"/\">"), 3);
        let out = String::from_utf8(out).unwrap();
        assert!(out.starts_with("<html><head><base href=\"/\"></head>"), "{out}");
        assert!(
            out.ends_with("<script src=\"/__clockwork/live.js\" data-build=\"3\" defer></script></body></html>"),
            "{out}"
        );
    }
}
