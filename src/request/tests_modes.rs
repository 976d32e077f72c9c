//! The two modes (docs/requests.md R10): compatible reads Quay's query parameters as Quay's
//! server does; strict is R3 and R6 as documented. Everything else reads the same in both.

use super::table::{rows, Compatible};
use super::*;
use std::format;
use std::string::ToString;
use std::vec::Vec;

const LIST: &str = "/api/v1/repository/org/app/tag/";

/// `(parameter, rule)` of each error, or the typed value.
fn run(mode: Mode, target: &str) -> Result<QuayListTags<'_>, Vec<(&'static str, &'static str)>> {
    let req = Request::new("GET", target);
    match Validator::default().with_mode(mode).validate(&req) {
        Some(Ok(Valid::QuayListTags(v))) => Ok(v),
        Some(Ok(other)) => panic!("{other:?}"),
        Some(Err(r)) => Err(r
            .errors()
            .iter()
            .map(|e| (e.parameter(), e.rule().id()))
            .collect()),
        None => panic!("{target}: no route"),
    }
}

fn list(
    mode: Mode,
    query: &str,
) -> Result<QuayListTags<'static>, Vec<(&'static str, &'static str)>> {
    let target: &'static str = Box::leak(format!("{LIST}?{query}").into_boxed_str());
    run(mode, target)
}

#[test]
fn the_default_is_compatible_everywhere() {
    assert_eq!(Mode::default(), Mode::Compatible);
    assert_eq!(Validator::default().mode(), Mode::Compatible);
    assert_eq!(Validator::new().mode(), Mode::Compatible);
    assert_eq!(Validator::compatible(), Validator::new());
    assert_eq!(Validator::strict().mode(), Mode::Strict);
    assert_eq!(
        Validator::strict().with_mode(Mode::Compatible),
        Validator::new()
    );
    assert_eq!(Validator::strict().with_body_limit(7).body_limit(), 7);
    assert_eq!(
        (Mode::Compatible.to_string(), Mode::Strict.id()),
        ("compatible".into(), "strict")
    );
    // The free function is compatible.
    let req = Request::new("GET", "/api/v1/repository/org/app/tag/?onlyActiveTags=True");
    assert!(matches!(validate(&req), Some(Ok(_))));
}

/// The request: Python's `urlencode({"onlyActiveTags": True, "limit": 250, "page": 0})`.
#[test]
fn what_quay_serves_is_served_and_strict_refuses_it() {
    let query = "onlyActiveTags=True&limit=250&page=0";
    let v = list(Mode::Compatible, query).unwrap();
    assert_eq!(
        (
            v.only_active_tags(),
            v.limit(),
            v.limit_given(),
            v.page(),
            v.page_given()
        ),
        (Some(true), 100, Some(250), 1, Some(0))
    );
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(
        (
            &json["limit"],
            &json["limit_given"],
            &json["page"],
            &json["page_given"]
        ),
        (&100.into(), &250.into(), &1.into(), &0.into())
    );
    assert_eq!(
        list(Mode::Strict, query).unwrap_err(),
        [
            ("onlyActiveTags", "not-a-boolean"),
            ("page", "out-of-range"),
            ("limit", "out-of-range")
        ]
    );
    // A value used as given is not repeated as given.
    let v = list(Mode::Compatible, "limit=20").unwrap();
    assert_eq!(
        (v.limit(), v.limit_given(), v.page_given()),
        (20, Some(20), None)
    );
    let json = serde_json::to_value(&v).unwrap();
    assert!(json.get("limit_given").is_none() && json.get("page_given").is_none());
}

#[test]
fn only_active_tags_is_truthy_bool() {
    for (query, expected) in [
        ("onlyActiveTags=true", true),
        ("onlyActiveTags=True", true),
        ("onlyActiveTags=1", true),
        ("onlyActiveTags=yes", true),
        ("onlyActiveTags=%20false", true),
        ("onlyActiveTags=false", false),
        ("onlyActiveTags=False", false),
        ("onlyActiveTags=FALSE", false),
        ("onlyActiveTags=0", false),
        ("onlyActiveTags=null", false),
        ("onlyActiveTags=", false),
        ("onlyActiveTags", false),
    ] {
        let v = list(Mode::Compatible, query).unwrap();
        assert_eq!(v.only_active_tags(), Some(expected), "{query}");
        let strict = list(Mode::Strict, query).map(|v| v.only_active_tags());
        match query {
            "onlyActiveTags=true" => assert_eq!(strict, Ok(Some(true))),
            "onlyActiveTags=false" => assert_eq!(strict, Ok(Some(false))),
            _ => assert_eq!(
                strict,
                Err([("onlyActiveTags", "not-a-boolean")].into()),
                "{query}"
            ),
        }
    }
}

#[test]
fn limit_and_page_are_python_ints_clamped() {
    for (query, limit, given) in [
        ("limit=250", 100, 250),
        ("limit=100", 100, 100),
        ("limit=0", 1, 0),
        ("limit=-3", 1, -3),
        ("limit=007", 7, 7),
        ("limit=%2B5", 5, 5),
        ("limit=+5", 5, 5),
        ("limit=%205%20", 5, 5),
        ("limit=1_0", 10, 10),
        ("limit=99999999999999999999999", 100, i64::MAX),
    ] {
        let v = list(Mode::Compatible, query).unwrap();
        assert_eq!(
            (v.limit(), v.limit_given()),
            (limit, Some(given)),
            "{query}"
        );
    }
    for (query, page, given) in [
        ("page=0", 1, 0),
        ("page=-1", 1, -1),
        ("page=2147483648", 2147483648, 2147483648),
        ("page=99999999999", u32::MAX, 99999999999),
    ] {
        let v = list(Mode::Compatible, query).unwrap();
        assert_eq!((v.page(), v.page_given()), (page, Some(given)), "{query}");
    }
    // What `int()` refuses, Quay answers 400 for, in both modes.
    for query in [
        "limit=",
        "limit=abc",
        "limit=1.0",
        "limit=1__0",
        "limit=0x10",
        "page=1e3",
    ] {
        for mode in [Mode::Compatible, Mode::Strict] {
            let found = list(mode, query).unwrap_err();
            assert_eq!(found.len(), 1, "{mode} {query}");
            assert_eq!(found[0].1, "not-an-integer", "{mode} {query}");
        }
    }
    let e = Validator::compatible()
        .validate(&Request::new(
            "GET",
            "/api/v1/repository/org/app/tag/?limit=12a",
        ))
        .unwrap()
        .unwrap_err();
    assert_eq!(e.errors()[0].offset(), 2);
    assert!(
        e.errors()[0].message().contains("int()"),
        "{}",
        e.errors()[0].message()
    );
}

#[test]
fn filters_take_any_operand_but_never_an_unknown_op() {
    for (query, value) in [
        ("filter_tag_name=like:v1", "like:v1"),
        ("filter_tag_name=like:a+b", "like:a b"),
        ("filter_tag_name=eq:a:b", "eq:a:b"),
        ("filter_tag_name=eq:", "eq:"),
        ("filter_tag_name=like:%C3%A9", "like:\u{e9}"),
    ] {
        let v = list(Mode::Compatible, query).unwrap();
        assert_eq!(v.filter_tag_name().unwrap(), value, "{query}");
    }
    assert_eq!(
        list(Mode::Compatible, "filter_tag_name=")
            .unwrap()
            .filter_tag_name(),
        None
    );
    let v = list(Mode::Compatible, "filter_tag_name=like:a+b").unwrap();
    let filter = v.filter_tag_name().unwrap();
    assert_eq!(
        (filter.op(), filter.value()),
        (crate::quay::FilterOp::Like, "a b")
    );
    assert_eq!(filter.as_tag_filter(), None);
    assert!(!filter.matches("a b") && !filter.matches("ab"));
    let v = list(Mode::Compatible, "filter_tag_name=like:V1_%25").unwrap();
    assert!(v.filter_tag_name().unwrap().matches("release-v1.2"));
    assert!(v.filter_tag_name().unwrap().as_tag_filter().is_some());
    for (query, rule) in [
        ("filter_tag_name=ne:v1", "unknown-filter-op"),
        ("filter_tag_name=LIKE:v1", "unknown-filter-op"),
        ("filter_tag_name=v1", "missing-filter-op"),
    ] {
        for mode in [Mode::Compatible, Mode::Strict] {
            assert_eq!(
                list(mode, query).unwrap_err(),
                [("filter_tag_name", rule)],
                "{mode} {query}"
            );
        }
    }
    for query in [
        "filter_tag_name=eq:a:b",
        "filter_tag_name=like:a+b",
        "filter_tag_name=",
    ] {
        assert!(list(Mode::Strict, query).is_err(), "{query}");
    }
}

#[test]
fn specific_tag_is_any_text() {
    let v = list(Mode::Compatible, "specificTag=a%2Fb").unwrap();
    assert_eq!(v.specific_tag(), Some("a/b"));
    assert_eq!(
        list(Mode::Compatible, "specificTag=")
            .unwrap()
            .specific_tag(),
        None
    );
    assert_eq!(
        list(Mode::Strict, "specificTag=a%2Fb").unwrap_err(),
        [("specificTag", "invalid-character")]
    );
}

/// Neither mode reads past what both refuse: encodings, duplicates, path parameters, and every
/// SWR or CodeArts parameter.
#[test]
fn the_rest_is_the_same_in_both_modes() {
    for target in [
        "/api/v1/repository/org/app/tag/?limit=%zz",
        "/api/v1/repository/org/app/tag/?limit=1&limit=2",
        "/api/v1/repository/Org/app/tag/?onlyActiveTags=yes%zz",
        "/api/v1/repository/org/app/tag/v1%2Fx",
        "/v3/manage/namespaces/g/repos/app/tags?with_manifest=True",
        "/v3/manage/namespaces/g/repos/app/tags?limit=1001",
        "/v3/manage/namespaces/g/repos/app/tags?limit=+5",
    ] {
        let method = if target.ends_with("x") {
            "DELETE"
        } else {
            "GET"
        };
        let req = Request::new(method, target);
        let strict = Validator::strict().validate(&req).unwrap().unwrap_err();
        let compatible = Validator::compatible().validate(&req).unwrap().unwrap_err();
        assert_eq!(strict, compatible, "{target}");
    }
}

/// The `|` lines that follow `heading` in `text`: a Markdown table.
fn table_after<'a>(text: &'a str, heading: &str) -> Vec<&'a str> {
    let (_, after) = text
        .split_once(heading)
        .unwrap_or_else(|| panic!("{heading:?} is missing"));
    after
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .collect()
}

/// The modes are readers of the one parameter table: only Quay's list-tags query rows read
/// differently, docs/requests.md's table of differences has a row for each of them and no
/// other, and the README shows that same table.
#[test]
fn only_quays_query_rows_differ_and_the_docs_list_each() {
    let docs = table_after(
        include_str!("../../docs/requests.md"),
        "### Differences between the modes",
    );
    let readme = table_after(
        include_str!("../../README.md"),
        "### Compatible and strict modes",
    );
    assert_eq!(readme, docs, "README.md shows docs/requests.md's table");
    let mut differing = Vec::new();
    for op in Operation::ALL {
        let rows = rows(op);
        for p in rows.path.iter().chain(rows.query).chain(rows.body) {
            if p.compatible != Compatible::AsDocumented {
                assert_eq!(
                    (op, p.location),
                    (Operation::QuayListTags, Location::Query),
                    "{}",
                    p.name
                );
                differing.push(p.name);
            }
        }
    }
    assert_eq!(
        differing,
        [
            "onlyActiveTags",
            "page",
            "limit",
            "filter_tag_name",
            "specificTag"
        ]
    );
    // Header, separator, one row per differing parameter, in any order.
    let mut documented: Vec<&str> = docs[2..]
        .iter()
        .map(|row| row.split('`').nth(1).unwrap())
        .collect();
    documented.sort_unstable();
    differing.sort_unstable();
    assert_eq!(documented, differing);
}
