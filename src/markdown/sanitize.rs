//! Raw HTML from writers, cleaned by ammonia: no script, no event handlers, no `javascript:`.
//! Keeps what Markdown itself produces (classes, heading ids, task-list boxes, table alignment).

use std::sync::OnceLock;

fn cleaner() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.add_generic_attributes(["class", "id"])
            .add_tags(["input", "span", "div", "figure", "figcaption", "details", "summary", "mark"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            .filter_style_properties(["text-align"].into_iter().collect())
            .link_rel(None);
        b
    })
}

pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}
