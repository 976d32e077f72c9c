//! With the `serde` feature, owned names deserialize only when valid, with the crate's message.
#![cfg(feature = "serde")]

use registry_names::swr::{NamespaceBuf, RepositoryBuf};
use registry_names::TagBuf;

#[derive(serde::Deserialize, serde::Serialize, Debug)]
struct CreateRepository {
    namespace: NamespaceBuf,
    repository: RepositoryBuf,
    tag: TagBuf,
}

#[test]
fn valid_body_round_trips() {
    let json = r#"{"namespace":"my-org","repository":"library/nginx","tag":"v1.2"}"#;
    let body: CreateRepository = serde_json::from_str(json).unwrap();
    assert_eq!(body.repository, "library/nginx");
    assert_eq!(body.repository.path_segment(), "library$nginx");
    assert_eq!(serde_json::to_string(&body).unwrap(), json);
}

#[test]
fn invalid_name_is_a_serde_error_with_the_same_message() {
    let json = r#"{"namespace":"my._org","repository":"library/nginx","tag":"v1"}"#;
    let err = serde_json::from_str::<CreateRepository>(json).unwrap_err();
    assert!(
        err.to_string().starts_with(
            r#"invalid SWR namespace "my._org": '.' and '_' cannot be adjacent (byte 3)"#
        ),
        "{err}"
    );
}

#[test]
fn each_swr_form_serializes_as_it_is_spelled() {
    // The path form round-trips as the path form; the plain name is one call away.
    let path = registry_names::swr::RepositoryPath::parse("a$b").unwrap();
    assert_eq!(serde_json::to_string(&path).unwrap(), r#""a$b""#);
    assert_eq!(
        serde_json::to_string(&path.to_plain_form()).unwrap(),
        r#""a/b""#
    );
    let plain = registry_names::swr::Repository::parse("a/b").unwrap();
    assert_eq!(serde_json::to_string(&plain).unwrap(), r#""a/b""#);
}

#[test]
fn image_references_deserialize_only_when_valid() {
    use registry_names::reference::ImageReferenceBuf;
    let json = r#"["quay.io/quayadmin/busybox:1.36","nginx"]"#;
    let images: Vec<ImageReferenceBuf> = serde_json::from_str(json).unwrap();
    assert_eq!(images[0].as_name().namespace(), Some("quayadmin"));
    assert_eq!(serde_json::to_string(&images).unwrap(), json);
    let err = serde_json::from_str::<ImageReferenceBuf>(r#""quay.io/a/app""#).unwrap_err();
    assert!(
        err.to_string().starts_with(
            r#"invalid image reference "quay.io/a/app": namespace (Quay namespace): must be at least 2 bytes long (byte 9)"#
        ),
        "{err}"
    );
}
