//! The requests `benches/requests.rs` and `benches/gateway.rs` measure, one list for both: a
//! valid request of each operation, and one with an error in every parameter it has.

use registry_names::request::Operation;

const SHA: &str = "sha256:a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

/// One request: its operation (method), target and body.
pub struct Case {
    pub op: Operation,
    pub target: String,
    pub body: String,
}

fn case(op: Operation, target: &str, body: &str) -> Case {
    Case {
        op,
        target: target.to_string(),
        body: body.to_string(),
    }
}

/// A valid request of each operation.
pub fn valid() -> Vec<Case> {
    vec![
        case(
            Operation::SwrCreateImageTag,
            "/v2/manage/namespaces/cloud-team/repos/library$nginx/tags",
            r#"{"source_tag": "v1.25.3", "destination_tag": "v1.25.3-stable", "override": false}"#,
        ),
        case(
            Operation::SwrListImageTags,
            "/v3/manage/namespaces/cloud-team/repos/library$nginx/tags?limit=50&marker=v1.2&tag=v1&with_manifest=true",
            "",
        ),
        case(
            Operation::SwrCreateRepository,
            "/v2/manage/namespaces/cloud-team/repos",
            r#"{"repository": "library/nginx", "is_public": true, "category": "linux", "description": "web server"}"#,
        ),
        case(
            Operation::CodeArtsAddTag,
            "/v2/repositories/1234567/tags",
            r#"{"tag_name": "release/v1.2.3", "ref": "main", "message": "release 1.2.3"}"#,
        ),
        case(
            Operation::QuayRestoreTag,
            "/api/v1/repository/quayadmin/busybox/tag/latest/restore",
            &format!(r#"{{"manifest_digest": "{SHA}"}}"#),
        ),
        case(
            Operation::QuayChangeTag,
            "/api/v1/repository/quayadmin/busybox/tag/latest",
            &format!(r#"{{"manifest_digest": "{SHA}", "expiration": 1767225600}}"#),
        ),
        case(
            Operation::QuayDeleteTag,
            "/api/v1/repository/quayadmin/busybox/tag/latest",
            "",
        ),
        case(
            Operation::QuayListTags,
            "/api/v1/repository/quayadmin/busybox/tag/?onlyActiveTags=true&page=2&limit=50&filter_tag_name=like:v1_%25&specificTag=latest",
            "",
        ),
    ]
}

/// A request of each operation with an error in every parameter it has.
pub fn many_errors() -> Vec<Case> {
    vec![
        case(
            Operation::SwrCreateImageTag,
            "/v2/manage/namespaces/1org/repos/library/nginx/tags",
            r#"{"source_tag": "-rc", "destination_tag": 7, "override": "no"}"#,
        ),
        case(
            Operation::SwrListImageTags,
            "/v3/manage/namespaces/1org/repos/a$$b/tags?limit=0&marker=&tag=a/b&with_manifest=yes",
            "",
        ),
        case(
            Operation::SwrCreateRepository,
            "/v2/manage/namespaces/My_org/repos",
            r#"{"repository": "a//b", "is_public": "yes", "category": "Linux", "description": 5}"#,
        ),
        case(
            Operation::CodeArtsAddTag,
            "/v2/repositories/2147483648/tags",
            r#"{"tag_name": "HEAD", "ref": "a..b", "message": false}"#,
        ),
        case(
            Operation::QuayRestoreTag,
            "/api/v1/repository/Q/busybox/tag/.latest/restore",
            r#"{"manifest_digest": "sha256:ABC"}"#,
        ),
        case(
            Operation::QuayChangeTag,
            "/api/v1/repository/Q/busybox/tag/.latest",
            r#"{"manifest_digest": "sha256:ABC", "expiration": -1}"#,
        ),
        case(
            Operation::QuayDeleteTag,
            "/api/v1/repository/Q/busybox/tag/.latest",
            "",
        ),
        case(
            Operation::QuayListTags,
            "/api/v1/repository/Q/busybox/tag/?onlyActiveTags=1&page=0&limit=101&filter_tag_name=ne:x&specificTag=.x",
            "",
        ),
    ]
}
