//! Template filters for the words catalogue: `fill` puts values into a text's `{slots}`
//! (`{{ w.calendar.week_of | fill(date=week.date) }}`) and `count` picks a plural pair's form
//! for `n` (`{{ w.count.meeting | count(n=3) }}` is "3 meetings").

use tera::{Kwargs, Map, State, TeraResult, Value};

pub fn register(tera: &mut tera::Tera) {
    tera.register_filter("fill", fill);
    tera.register_filter("count", count);
}

fn plain(v: &Value) -> String {
    v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string())
}

fn fill(text: &str, kwargs: Kwargs, _: &State) -> String {
    let mut out = text.to_string();
    for (key, value) in kwargs.iter() {
        out = out.replace(&format!("{{{key}}}"), &plain(value));
    }
    out
}

fn count(forms: &Map, kwargs: Kwargs, state: &State) -> TeraResult<String> {
    let n = kwargs.must_get::<i64>("n")?;
    let form = if n == 1 { "one" } else { "other" };
    let text = forms.iter().find(|(k, _)| k.as_str() == Some(form)).map(|(_, v)| plain(v)).unwrap_or_default();
    Ok(fill(&text.replace("{n}", &n.to_string()), kwargs, state))
}

#[cfg(test)]
mod tests {
    #[test]
    fn fill_and_count_read_the_catalogue() {
        let mut tera = tera::Tera::new();
        super::register(&mut tera);
        let mut cx = tera::Context::new();
        cx.insert("w", &serde_json::json!({ "m": { "one": "{n} meeting of {team}", "other": "{n} meetings of {team}" }, "wk": "Week of {date}" }));
        let out = tera
            .render_str("{{ w.wk | fill(date='May 4') }}; {{ w.m | count(n=1, team='ILT') }}; {{ w.m | count(n=3, team='ILT') }}", &cx, false)
            .unwrap();
        assert_eq!(out, "Week of May 4; 1 meeting of ILT; 3 meetings of ILT");
    }
}
