//! `clockwork serve`: pages from memory with the live-reload script, a reload event after an
//! edit, the error overlay's data while the content is broken and its clearing after the fix,
//! and 404 for every way out of the site.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::*;

/// A running `clockwork serve` on a free port, stopped when dropped.
struct Serving {
    run: Running,
    port: u16,
}

impl Serving {
    fn start(root: &Path) -> Serving {
        Serving::start_with(root, &[], &[])
    }

    fn start_with(root: &Path, extra: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Serving {
        let args: Vec<&std::ffi::OsStr> =
            ["serve", "--port", "0", "--color", "never"].iter().chain(extra).map(|a| a.as_ref()).collect();
        let run = Running::start_with_env(root, &args, env);
        let lines = run.lines.clone();
        let started = Instant::now();
        let port = loop {
            let found = lines.lock().unwrap().iter().find_map(|l| {
                let url = l.split("Serving http://127.0.0.1:").nth(1)?;
                url.split('/').next()?.parse::<u16>().ok()
            });
            if let Some(port) = found {
                break port;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "serve did not start: {:?}", lines.lock().unwrap());
            std::thread::sleep(Duration::from_millis(20));
        };
        Serving { run, port }
    }

    /// A raw GET (no client library: it would tidy the paths this test sends on purpose).
    fn get(&self, path: &str) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        Response { status, head: head.to_string(), body: body.to_string() }
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__clockwork/status").body).expect("status JSON")
    }
}

/// Saves as editors do (a temp file renamed over the page), so the server never reads a
/// half-written file.
fn save(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    let temp = path.with_file_name(".clockwork-test.tmp");
    std::fs::write(&temp, text).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

struct Response {
    status: u16,
    head: String,
    body: String,
}

/// The live-reload event stream, read as text.
struct Events {
    stream: TcpStream,
    seen: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        write!(stream, "GET /__clockwork/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let mut events = Events { stream, seen: String::new() };
        events.wait_for("event: hello");
        events
    }

    /// Reads until the next event called `name` has arrived whole; returns its data.
    fn wait_for(&mut self, name: &str) -> String {
        let from = self.seen.len();
        let started = Instant::now();
        let mut buf = [0u8; 4096];
        let needle = format!("{name}\n");
        let whole = |seen: &str| {
            let at = seen.find(&needle)?;
            let end = seen[at..].find("\n\n")?;
            Some(seen[at + needle.len()..at + end].to_string())
        };
        loop {
            if let Some(data) = whole(&self.seen[from..]) {
                return data;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "no `{needle}` in the events: {}", &self.seen[from..]);
            match self.stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed"),
                Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    }
}

#[test]
fn serves_reloads_shows_errors_and_recovers() {
    let site = fixture("basic");
    let root = site.path();
    let serving = Serving::start(root);

    let home = serving.get("/");
    assert_eq!(home.status, 200, "{}", home.head);
    assert!(home.head.to_lowercase().contains("content-type: text/html"));
    let tag = home.body.split("<script src=\"/__clockwork/live.js\" data-build=\"").nth(1).unwrap_or_default();
    assert!(
        tag.split_once("\" defer></script></body>").is_some_and(|(n, _)| n.parse::<u64>().is_ok()),
        "script injected, with the page's build"
    );
    let team = serving.get("/teams/ilt/index.html");
    assert_eq!(team.status, 200);
    let doc = scraper::Html::parse_document(&team.body);
    assert_eq!(texts(&doc, "h1"), ["Instructional Leadership Team"]);
    let css = serving.get("/style.css");
    assert_eq!(css.status, 200);
    assert!(!css.body.contains("live.js"), "only HTML gets the script");
    let folder = serving.get("/teams/ilt");
    assert_eq!(folder.status, 301);
    assert!(folder.head.contains("/teams/ilt/"), "{}", folder.head);
    assert_eq!(serving.get("/teams/ilt/").status, 200);
    assert_eq!(serving.get("/__clockwork/live.js").status, 200);
    assert!(!root.join("public").exists(), "serve writes no output folder");

    // An edit: a reload event naming the page, and the new page served.
    let mut events = Events::open(serving.port);
    let ilt = read(root, "content/teams/ilt.md");
    save(root, "content/teams/ilt.md", &ilt.replace("title: Instructional Leadership Team", "title: Leadership Team"));
    let news = events.wait_for("event: reload");
    assert!(news.contains("teams/ilt/index.html"), "{news}");
    let doc = scraper::Html::parse_document(&serving.get("/teams/ilt/").body);
    assert_eq!(texts(&doc, "h1"), ["Leadership Team"]);

    // A broken edit: the errors as data (file, line, message), the last good page still served.
    let fixed = read(root, "content/teams/ilt.md");
    save(root, "content/teams/ilt.md", &fixed.replace("purpose: Lead the plan.", "purpose: [Lead the plan."));
    let news = events.wait_for("event: errors");
    assert!(news.contains("content/teams/ilt.md"), "{news}");
    let status = serving.status();
    assert_eq!(status["ok"], false);
    let errors = status["errors"].as_array().unwrap();
    let error = errors.iter().find(|e| e["file"] == "content/teams/ilt.md").expect("an error in the edited file");
    assert_eq!(error["file"], "content/teams/ilt.md");
    assert_eq!(error["line"], 5, "{status}");
    assert!(error["message"].as_str().unwrap().len() > 5);
    let last_good = scraper::Html::parse_document(&serving.get("/teams/ilt/").body);
    assert_eq!(texts(&last_good, "h1"), ["Leadership Team"], "the last good page");

    // The fix: the overlay's data clears.
    save(root, "content/teams/ilt.md", &fixed.replace("purpose: Lead the plan.", "purpose: Lead the whole plan."));
    events.wait_for("event: reload");
    let status = serving.status();
    assert_eq!(status["ok"], true, "{status}");
    assert_eq!(status["errors"].as_array().unwrap().len(), 0);
    let doc = scraper::Html::parse_document(&serving.get("/teams/ilt/").body);
    assert!(texts(&doc, ".lede")[0].contains("Lead the whole plan."));

    // A broken edit reverted to the last good text: nothing to reload, the errors clear.
    save(root, "content/teams/ilt.md", &fixed.replace("purpose: Lead the plan.", "purpose: [oops"));
    events.wait_for("event: errors");
    save(root, "content/teams/ilt.md", &fixed.replace("purpose: Lead the plan.", "purpose: Lead the whole plan."));
    events.wait_for("event: ok");
    assert_eq!(serving.status()["ok"], true);
    assert!(serving.run.lines().iter().any(|l| l.contains("fixed;")));
}

#[test]
fn nothing_outside_the_site_is_served() {
    let site = fixture("basic");
    let root = site.path();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.path().join("secret.txt"), root.join("content/resources/secret.txt")).unwrap();
    let serving = Serving::start(root);
    for path in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/teams/../../site.yaml",
        "//etc/passwd",
        "/%2fetc/passwd",
        "/..%5csite.yaml",
        "/content/teams/ilt.md",
        "/site.yaml",
        "/resources/secret.txt",
        "/no/such/page/",
    ] {
        let r = serving.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.head);
        assert!(!r.body.contains("SECRET") && !r.body.contains("root:"), "{path} leaked");
        assert!(r.body.contains("Page not found"), "{path}: the site's 404 page");
        assert!(r.body.contains("<base href=\"/\">"), "{path}: its links work from any depth");
    }
    assert_eq!(serving.get("/resources/form.pdf").status, 200, "files inside the site are served");
}

#[test]
fn serve_takes_no_output_folder() {
    let site = fixture("basic");
    let run = clockwork(site.path(), &["serve", "--output", "public"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("clockwork watch --output"), "{}", run.stderr);
}

/// `--open` hands the served address to the reader's browser: `$BROWSER`, here a script that
/// writes down what it was asked to open.
#[cfg(unix)]
#[test]
fn open_hands_the_address_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let site = fixture("basic");
    let tools = tempfile::tempdir().unwrap();
    let opened = tools.path().join("opened.txt");
    let browser = tools.path().join("browser");
    std::fs::write(&browser, format!("#!/bin/sh\necho \"$1\" > '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&browser, std::fs::Permissions::from_mode(0o755)).unwrap();
    let server = Serving::start_with(site.path(), &["--open"], &[("BROWSER", browser.as_os_str())]);
    let started = Instant::now();
    while !opened.exists() || std::fs::read_to_string(&opened).unwrap().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(30), "no browser was opened: {:?}", server.run.lines());
        std::thread::sleep(Duration::from_millis(20));
    }
    let url = std::fs::read_to_string(&opened).unwrap();
    assert_eq!(url.trim(), format!("http://127.0.0.1:{}/", server.port));
    assert_eq!(server.get(url.trim().trim_start_matches(&format!("http://127.0.0.1:{}", server.port))).status, 200);
}

/// The status of a GET with this `Host` header.
fn status_for_host(port: u16, host: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw);
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn only_local_host_names_are_answered() {
    let site = fixture("basic");
    let serving = Serving::start(site.path());
    let port = serving.port;
    for host in
        ["localhost", &format!("localhost:{port}"), &format!("127.0.0.1:{port}"), "[::1]", &format!("[::1]:{port}")]
    {
        assert_eq!(status_for_host(port, host), 200, "{host}");
    }
    // A DNS-rebinding page reaches the preview under its own name.
    for host in ["evil.example", &format!("evil.example:{port}"), "localhost.evil.example", "127.0.0.1.nip.io"] {
        let status = status_for_host(port, host);
        assert!((400..500).contains(&status), "{host}: {status}");
    }
}

#[test]
fn idle_and_slow_connections_are_dropped() {
    let site = fixture("basic");
    let serving = Serving::start(site.path());
    let open = |first: &str| {
        let mut s = TcpStream::connect(("127.0.0.1", serving.port)).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
        s.write_all(first.as_bytes()).unwrap();
        s
    };
    let idle = open("");
    let slow = open("GET / HTTP/1.1\r\nHost: localhost\r\n");
    let started = Instant::now();
    let closed = |mut s: TcpStream| {
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        started.elapsed()
    };
    let (idle, slow) = std::thread::scope(|t| {
        let a = t.spawn(|| closed(idle));
        let b = t.spawn(|| closed(slow));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(slow < Duration::from_secs(15), "a request whose headers never end was kept {slow:?}");
    assert!(idle < Duration::from_secs(35), "an idle connection was kept {idle:?}");
}

/// A raw form POST to `serve --edit`'s endpoint: its status and body.
fn post(port: u16, host: &str, origin: Option<&str>, form: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let origin = origin.map_or(String::new(), |o| format!("Origin: {o}\r\n"));
    write!(
        stream,
        "POST /__clockwork/edit HTTP/1.1\r\nHost: {host}\r\n{origin}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{form}",
        form.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// The value of the hidden field `name` in a page's first edit form.
fn hidden(page: &str, name: &str) -> String {
    let doc = scraper::Html::parse_document(page);
    attrs(&doc, &format!("form.edit-form input[name={name}]"), "value").into_iter().next().unwrap_or_default()
}

#[test]
fn edits_are_taken_only_from_the_previews_own_pages_of_this_session() {
    let site = fixture("agendas");
    let file = site.path().join("content/strategies/reading.md");
    let before = std::fs::read_to_string(&file).unwrap();
    // Without --edit the pages have no forms and the server writes nothing.
    let plain = Serving::start(site.path());
    assert!(!plain.get("/strategies/reading/index.html").body.contains("edit-form"));
    let form = "op=actual&id=b1&actual=91&file=content/strategies/reading.md";
    assert_eq!(post(plain.port, "localhost", Some("http://localhost"), form).0, 403);
    drop(plain);

    let serving = Serving::start_with(site.path(), &["--edit"], &[]);
    let port = serving.port;
    let page = serving.get("/strategies/reading/index.html").body;
    let (token, hash) = (hidden(&page, "token"), hidden(&page, "hash"));
    assert_eq!(token.len(), 32, "{page}");
    // Each step's status form starts on the status its file records (not-started when none).
    let doc = scraper::Html::parse_document(&page);
    let chosen = |step: &str| attrs(&doc, &format!("#{step}-status option[selected]"), "value");
    assert_eq!((chosen("a1"), chosen("a2")), (vec!["done".to_string()], vec!["not-started".to_string()]));
    let host = format!("127.0.0.1:{port}");
    let own = format!("http://{host}");
    let good = format!("token={token}&hash={hash}&file=content/strategies/reading.md&op=actual&id=b1&actual=91");
    let refusals = [
        ("evil.example", Some(own.as_str()), good.clone(), "a foreign Host"),
        (host.as_str(), Some("http://evil.example"), good.clone(), "a foreign Origin"),
        (host.as_str(), None, good.clone(), "no Origin"),
        (host.as_str(), Some(own.as_str()), good.replace(&token, "0"), "a wrong token"),
        (host.as_str(), Some(own.as_str()), good.replace(&format!("token={token}&"), ""), "no token"),
        (host.as_str(), Some(own.as_str()), good.replace(&hash, "000000000000"), "a stale hash"),
        (
            host.as_str(),
            Some(own.as_str()),
            good.replace("content/strategies/reading.md", "site.yaml"),
            "a file that is no page",
        ),
    ];
    for (host, origin, form, why) in &refusals {
        let (status, _) = post(port, host, *origin, form);
        assert!((400..500).contains(&status), "{why}: {status}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), before, "{why}: nothing written");
    }
    let (status, text) = post(port, &host, Some(&own), &good);
    assert_eq!(status, 303, "{text}");
    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        after,
        before.replace(
            "statement: Classrooms use the phonics routine, target: 90 }",
            "statement: Classrooms use the phonics routine, target: 90, actual: 91 }"
        )
    );
    let logged = || {
        serving
            .run
            .lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.contains("Edited content/strategies/reading.md: benchmark b1: actual: — → 91"))
    };
    let started = Instant::now();
    while !logged() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(logged(), "{:?}", serving.run.lines.lock().unwrap());
    // A refused value says why on the page it answers with.
    let hash = clockwork::edit::hash(&after);
    let form = format!("token={token}&hash={hash}&file=content/strategies/reading.md&op=actual&id=b1&actual=lots");
    let (status, text) = post(port, &host, Some(&own), &form);
    assert_eq!(status, 409);
    assert!(text.contains("`lots` is not a number"), "{text}");
}
