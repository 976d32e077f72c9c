//! Every kind has a borrowed and an owned type on par: the same traits, one string shown and
//! compared, and (with `serde`) validating round trips through serde_json with bounded messages.

#[cfg(feature = "serde")]
use registry_names::Error;
use registry_names::{git, oci, quay, reference, swr, Kind, Rule, Tag, TagBuf};
use std::borrow::Borrow;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn hash<T: Hash + ?Sized>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Checks one borrowed/owned pair on a valid and an invalid input (invalid by `rule`), and
/// returns the kind both types report.
macro_rules! pair {
    ($name:ty, $buf:ty, $valid:expr, $other:expr, $invalid:expr, $rule:expr) => {{
        let (valid, other, invalid): (&str, &str, &str) = ($valid, $other, $invalid);
        // Borrowed: parse, TryFrom<&str>, TryFrom<&[u8]>, and one view of one string.
        let name = <$name>::parse(valid).unwrap();
        assert_eq!(<$name>::try_from(valid), Ok(name));
        assert_eq!(<$name>::try_from(valid.as_bytes()), Ok(name));
        for shown in [
            &*name,
            name.as_str(),
            name.as_ref(),
            Borrow::<str>::borrow(&name),
        ] {
            assert_eq!(shown, valid);
        }
        assert_eq!(name.to_string(), valid);
        assert_eq!(name, valid);
        assert_eq!(valid, name);
        // Equality with text, both ways, for `str` and `&str`: equal to its own text only.
        assert!(*valid == name && name == *valid && valid == name && name == valid);
        assert!(*other != name && name != *other && other != name && name != other);
        assert_eq!(hash(&name), hash(valid));
        let second = <$name>::parse(other).unwrap();
        assert_eq!(name.cmp(&second), valid.cmp(other), "{valid} vs {other}");
        assert_ne!(name, second);
        // Owned: FromStr, TryFrom<&str>, TryFrom<String>, and the same view.
        let buf: $buf = valid.parse().unwrap();
        assert_eq!(<$buf>::try_from(valid).as_ref(), Ok(&buf));
        assert_eq!(<$buf>::try_from(valid.to_string()).as_ref(), Ok(&buf));
        for shown in [
            &*buf,
            buf.as_str(),
            buf.as_ref(),
            Borrow::<str>::borrow(&buf),
        ] {
            assert_eq!(shown, valid);
        }
        assert_eq!(buf.to_string(), valid);
        assert_eq!(buf, valid);
        assert!(*valid == buf && buf == *valid && valid == buf && buf == valid);
        assert!(*other != buf && buf != *other && other != buf && buf != other);
        assert_eq!(hash(&buf), hash(valid));
        let second_buf: $buf = other.parse().unwrap();
        assert_eq!(buf.cmp(&second_buf), valid.cmp(other));
        assert_eq!(buf, name);
        assert_eq!(name, buf);
        assert_eq!(buf.as_name(), name);
        assert_eq!(name.into_owned(), buf);
        assert_eq!(<$buf>::from(name), buf);
        assert_eq!(String::from(buf.clone()), valid);
        let set: std::collections::HashSet<$buf> = [buf.clone(), second_buf].into();
        assert!(set.contains(valid));
        // Rejections agree everywhere.
        let err = <$name>::parse(invalid).unwrap_err();
        assert_eq!(err.rule(), $rule, "{invalid:?}: {err}");
        assert_eq!(invalid.parse::<$buf>(), Err(err));
        assert_eq!(<$buf>::try_from(invalid.to_string()), Err(err));
        assert_eq!(<$buf>::try_from(invalid), Err(err));
        assert_eq!(<$name>::KIND, <$buf>::KIND);
        assert_eq!(err.kind(), <$name>::KIND);
        #[cfg(feature = "serde")]
        {
            serde_round_trip::<$buf>(valid, invalid, err);
            // Borrowed: from the input without a copy, and rejected with the same message.
            let json = serde_json::to_string(valid).unwrap();
            let borrowed: $name = serde_json::from_str(&json).unwrap();
            assert_eq!(borrowed, name);
            assert_eq!(serde_json::to_string(&borrowed).unwrap(), json);
            let bad = serde_json::to_string(invalid).unwrap();
            let message = serde_json::from_str::<$name>(&bad).unwrap_err().to_string();
            assert!(
                message.starts_with(&err.with_input(invalid).to_string()),
                "{message}"
            );
        }
        <$name>::KIND
    }};
}

const HEX64: &str = "a3ed95caeb02ffe68cdd9fd84406680ae93d633cb16422d00e8a7c22955b46d4";

#[test]
fn every_kind_has_a_pair_on_par() {
    let sha256 = format!("sha256:{HEX64}");
    let blake3 = format!("blake3:{HEX64}");
    let kinds = [
        pair!(
            swr::Namespace,
            swr::NamespaceBuf,
            "my-org",
            "my--org",
            "my._org",
            Rule::AdjacentSeparators
        ),
        pair!(
            swr::Repository,
            swr::RepositoryBuf,
            "library/nginx",
            "library-x",
            "library$nginx",
            Rule::DollarInPlainForm
        ),
        pair!(
            swr::RepositoryPath,
            swr::RepositoryPathBuf,
            "library$nginx",
            "library-x",
            "library/nginx",
            Rule::SlashInPathForm
        ),
        pair!(Tag, TagBuf, "v1.2.3", "latest", "-rc", Rule::InvalidStart),
        pair!(
            quay::Namespace,
            quay::NamespaceBuf,
            "quayadmin",
            "my.org",
            "my--org",
            Rule::AdjacentSeparators
        ),
        pair!(
            quay::RepositoryPath,
            quay::RepositoryPathBuf,
            "org/team/app",
            "org/app",
            "org//x",
            Rule::EmptySegment
        ),
        pair!(
            quay::TagFilter,
            quay::TagFilterBuf,
            "like:v1_%",
            "eq:latest",
            "LIKE:v1",
            Rule::UnknownFilterOp
        ),
        pair!(
            oci::Digest,
            oci::DigestBuf,
            &sha256,
            &blake3,
            "sha256:ABC",
            Rule::UppercaseHex
        ),
        pair!(
            git::TagName,
            git::TagNameBuf,
            "v1.0",
            "版本/1",
            "HEAD",
            Rule::ReservedName
        ),
        pair!(
            git::BranchName,
            git::BranchNameBuf,
            "feature/x",
            "main",
            "-x",
            Rule::LeadingDash
        ),
        pair!(
            git::RefName,
            git::RefNameBuf,
            "refs/heads/main",
            "refs/tags/v1",
            "main",
            Rule::OneLevel
        ),
    ];
    let mut covered = kinds.to_vec();
    // Image references have their own error type (it names the part): their pair is checked by
    // `image_reference_pair`, the same checks as `pair!`.
    covered.push(image_reference_pair());
    covered.sort();
    let mut all: Vec<Kind> = Kind::ALL.to_vec();
    all.sort();
    assert_eq!(covered, all, "every kind has its pair");
    // The like-pattern operand has its pair too (its kind is the filter's).
    pair!(
        quay::LikePattern,
        quay::LikePatternBuf,
        "v1_%",
        "",
        "v1 x",
        Rule::InvalidCharacter
    );
}

/// `pair!` for `reference::ImageReference` and `ImageReferenceBuf`, whose error is a
/// `ReferenceError` (the part, and the grammar that refused it as its kind).
fn image_reference_pair() -> Kind {
    use reference::{ImageReference, ImageReferenceBuf, Part};
    let valid = "quay.io/org/app:v1";
    let other = "swr.cn-north-4.myhuaweicloud.com/group/busybox";
    // Rejected by the generic PATH grammar, so the error's kind is the reference's own.
    let invalid = "Nginx:latest";
    // Borrowed: parse, parse_bytes, TryFrom<&str>, TryFrom<&[u8]>, and one view of one string.
    let name = ImageReference::parse(valid).unwrap();
    assert_eq!(ImageReference::parse_bytes(valid.as_bytes()), Ok(name));
    assert_eq!(ImageReference::try_from(valid), Ok(name));
    assert_eq!(ImageReference::try_from(valid.as_bytes()), Ok(name));
    for shown in [
        &*name,
        name.as_str(),
        name.as_ref(),
        Borrow::<str>::borrow(&name),
    ] {
        assert_eq!(shown, valid);
    }
    assert_eq!(AsRef::<[u8]>::as_ref(&name), valid.as_bytes());
    assert_eq!(name.to_string(), valid);
    assert_eq!(name, valid);
    assert_eq!(valid, name);
    assert_eq!(hash(&name), hash(valid));
    let second = ImageReference::parse(other).unwrap();
    assert_eq!(name.cmp(&second), valid.cmp(other), "{valid} vs {other}");
    assert_ne!(name, second);
    assert_eq!(<&str>::from(name), valid);
    // Owned: FromStr, TryFrom<&str>, TryFrom<String> (keeping the String), and the same view.
    let buf: ImageReferenceBuf = valid.parse().unwrap();
    assert_eq!(ImageReferenceBuf::try_from(valid).as_ref(), Ok(&buf));
    let string = valid.to_string();
    let at = string.as_ptr();
    let kept = ImageReferenceBuf::try_from(string).unwrap();
    assert_eq!(kept, buf);
    let back = kept.into_string();
    assert_eq!(back.as_ptr(), at, "TryFrom<String> keeps the String");
    for shown in [
        &*buf,
        buf.as_str(),
        buf.as_ref(),
        Borrow::<str>::borrow(&buf),
    ] {
        assert_eq!(shown, valid);
    }
    assert_eq!(AsRef::<[u8]>::as_ref(&buf), valid.as_bytes());
    assert_eq!(buf.to_string(), valid);
    assert_eq!(buf, valid);
    assert_eq!(valid, buf);
    assert_eq!(hash(&buf), hash(valid));
    let second_buf: ImageReferenceBuf = other.parse().unwrap();
    assert_eq!(buf.cmp(&second_buf), valid.cmp(other));
    assert_eq!(buf, name);
    assert_eq!(name, buf);
    assert_eq!(buf.as_name(), name);
    assert_eq!(ImageReference::from(&buf), name);
    assert_eq!(name.into_owned(), buf);
    assert_eq!(ImageReferenceBuf::from(name), buf);
    assert_eq!(String::from(buf.clone()), valid);
    // The owned form keeps the parts, not only the text.
    assert_eq!(buf.as_name().namespace(), Some("org"));
    assert_eq!(buf.as_name().tag().unwrap(), "v1");
    let set: std::collections::HashSet<ImageReferenceBuf> = [buf.clone(), second_buf].into();
    assert!(set.contains(valid));
    // Rejections agree everywhere.
    let err = ImageReference::parse(invalid).unwrap_err();
    assert_eq!(
        (err.part(), err.rule(), err.offset()),
        (Part::Repository, Rule::InvalidStart, 0),
        "{invalid:?}: {err}"
    );
    assert_eq!(ImageReference::parse_bytes(invalid.as_bytes()), Err(err));
    assert_eq!(ImageReference::try_from(invalid.as_bytes()), Err(err));
    assert_eq!(invalid.parse::<ImageReferenceBuf>(), Err(err));
    assert_eq!(ImageReferenceBuf::try_from(invalid.to_string()), Err(err));
    assert_eq!(ImageReferenceBuf::try_from(invalid), Err(err));
    assert_eq!(ImageReference::KIND, ImageReferenceBuf::KIND);
    assert_eq!(err.kind(), ImageReference::KIND);
    // A part refused by a name grammar names that grammar as its kind, in every entry point.
    let swr_part = "swr.cn-north-4.myhuaweicloud.com/1org/app";
    let part_err = ImageReferenceBuf::try_from(swr_part.to_string()).unwrap_err();
    assert_eq!(
        (part_err.part(), part_err.kind()),
        (Part::Namespace, Kind::SwrNamespace)
    );
    assert_eq!(
        ImageReference::parse_bytes(swr_part.as_bytes()),
        Err(part_err)
    );
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(valid).unwrap();
        // Owned: validating both ways, from a borrowed and from an escaped (copied) string.
        let owned: ImageReferenceBuf = serde_json::from_str(&json).unwrap();
        assert_eq!(owned, buf);
        assert_eq!(owned.as_name().profile(), reference::Profile::Quay);
        assert_eq!(serde_json::to_string(&owned).unwrap(), json);
        let escaped = json.replace('a', "\\u0061");
        assert_ne!(escaped, json);
        assert_eq!(
            serde_json::from_str::<ImageReferenceBuf>(&escaped).unwrap(),
            owned
        );
        let value = serde_json::to_value(&owned).unwrap();
        assert_eq!(
            serde_json::from_value::<ImageReferenceBuf>(value).unwrap(),
            owned
        );
        // Borrowed: from the input without a copy; a copied string is refused.
        let borrowed: ImageReference<'_> = serde_json::from_str(&json).unwrap();
        assert_eq!(borrowed, name);
        assert_eq!(borrowed.as_str().as_ptr(), json[1..].as_ptr());
        assert_eq!(serde_json::to_string(&borrowed).unwrap(), json);
        let copied = serde_json::from_str::<ImageReference<'_>>(&escaped)
            .unwrap_err()
            .to_string();
        assert!(copied.contains("deserialize the owned type"), "{copied}");
        // Rejected: the crate's message, quoting the input, for both.
        let bad = serde_json::to_string(invalid).unwrap();
        let expected = err.with_input(invalid).to_string();
        for message in [
            serde_json::from_str::<ImageReferenceBuf>(&bad)
                .unwrap_err()
                .to_string(),
            serde_json::from_str::<ImageReference<'_>>(&bad)
                .unwrap_err()
                .to_string(),
        ] {
            assert!(message.starts_with(&expected), "{message}");
        }
    }
    ImageReference::KIND
}

#[test]
fn image_reference_pair_on_par() {
    assert_eq!(image_reference_pair(), Kind::ImageReference);
}

#[test]
fn the_swr_forms_are_one_name_in_two_spellings() {
    let plain: swr::RepositoryBuf = "library/nginx".parse().unwrap();
    let path: swr::RepositoryPathBuf = "library$nginx".parse().unwrap();
    assert_eq!(plain, path);
    assert_eq!(path.name(), "library/nginx");
    assert_eq!(path.as_str(), "library$nginx");
    assert_eq!(plain.path_segment(), "library$nginx");
    assert_eq!(swr::RepositoryBuf::from(path.clone()), plain);
    assert_eq!(swr::RepositoryPathBuf::from(plain.clone()), path);
    // Across the forms, equal means the same name, both ways, owned and borrowed.
    let other: swr::RepositoryPathBuf = "library$redis".parse().unwrap();
    // One assert per direction: they are two impls, which clippy's nonminimal_bool takes for one.
    assert!(path == plain);
    assert!(plain == path);
    assert!(other != plain);
    assert!(plain != other);
    assert!(path.as_name() == plain.as_name() && plain.as_name() == path.as_name());
    assert!(other.as_name() != plain.as_name() && plain.as_name() != other.as_name());
    assert_ne!(
        path, "library/nginx",
        "the path type shows and compares its own spelling"
    );
}

#[test]
fn kind_ids_round_trip_for_every_kind() {
    for kind in Kind::ALL {
        let id = kind.to_string();
        assert_eq!(id.parse::<Kind>(), Ok(kind));
        assert_eq!(Kind::from_id(&id), Some(kind));
    }
    // The command line's other names for the tag kind (its `--kind` values) parse too.
    for id in ["swr-tag", "quay-tag"] {
        assert_eq!(id.parse::<Kind>(), Ok(Kind::Tag), "the CLI id {id} parses");
    }
    assert_eq!(Kind::Tag.to_string(), "tag");
    assert!("image-tag".parse::<Kind>().is_err());
}

#[test]
fn rule_ids_round_trip_for_every_rule() {
    for &rule in Rule::ALL {
        assert_eq!(Rule::from_id(rule.id()), Some(rule));
        assert_eq!(rule.to_string(), rule.id());
    }
    assert_eq!(Rule::from_id("nope"), None);
}

#[cfg(feature = "serde")]
fn serde_round_trip<O>(valid: &str, invalid: &str, err: Error)
where
    O: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let json = serde_json::to_string(valid).unwrap();
    // Owned: validating both ways, from a borrowed and from an escaped (copied) string.
    let owned: O = serde_json::from_str(&json).unwrap();
    assert_eq!(serde_json::to_string(&owned).unwrap(), json);
    let escaped = json.replace('a', "\\u0061");
    assert_eq!(serde_json::from_str::<O>(&escaped).unwrap(), owned);
    let value = serde_json::to_value(&owned).unwrap();
    assert_eq!(serde_json::from_value::<O>(value).unwrap(), owned);
    // Rejected: the crate's message, quoting the input.
    let bad = serde_json::to_string(invalid).unwrap();
    let message = serde_json::from_str::<O>(&bad).unwrap_err().to_string();
    assert!(
        message.starts_with(&err.with_input(invalid).to_string()),
        "{message}"
    );
}

#[cfg(feature = "serde")]
mod serde_bounds {
    use super::*;
    use serde::de::DeserializeOwned;

    /// Kept under the bound: the fixed text plus at most 64 quoted bytes.
    const MAX_MESSAGE: usize = 300;

    fn bounded<T: DeserializeOwned + std::fmt::Debug>(json: &str, len: usize) {
        let message = serde_json::from_str::<T>(json).unwrap_err().to_string();
        assert!(
            message.len() < MAX_MESSAGE,
            "{} bytes: {message}",
            message.len()
        );
        assert!(message.contains(&format!("… ({len} bytes)")), "{message}");
    }

    #[test]
    fn every_owned_type_rejects_100_mb_with_a_short_message() {
        // Rejected by every kind: too long for most, a space for git, no op for the filter.
        let input = "a".repeat(100 << 20) + " x";
        let json = serde_json::to_string(&input).unwrap();
        let len = input.len();
        bounded::<swr::NamespaceBuf>(&json, len);
        bounded::<swr::RepositoryBuf>(&json, len);
        bounded::<swr::RepositoryPathBuf>(&json, len);
        bounded::<TagBuf>(&json, len);
        bounded::<quay::NamespaceBuf>(&json, len);
        bounded::<quay::RepositoryPathBuf>(&json, len);
        bounded::<quay::TagFilterBuf>(&json, len);
        bounded::<quay::LikePatternBuf>(&json, len);
        bounded::<oci::DigestBuf>(&json, len);
        bounded::<git::TagNameBuf>(&json, len);
        bounded::<git::BranchNameBuf>(&json, len);
        bounded::<git::RefNameBuf>(&json, len);
        bounded::<reference::ImageReferenceBuf>(&json, len);
    }

    #[test]
    fn a_copied_string_is_not_echoed_by_a_borrowed_type() {
        // With an escape serde_json copies the string, which a borrowed type cannot hold.
        let json = format!("\"\\t{}\"", "a".repeat(1 << 20));
        let message = serde_json::from_str::<swr::Namespace<'_>>(&json)
            .unwrap_err()
            .to_string();
        assert!(message.len() < MAX_MESSAGE, "{message}");
        assert!(message.contains("deserialize the owned type"), "{message}");
    }

    #[test]
    fn non_strings_are_rejected_briefly() {
        let message = serde_json::from_str::<TagBuf>("[1,2]")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("a string holding a valid image tag"),
            "{message}"
        );
        // The borrowed form and the ids say what they expected too.
        let message = serde_json::from_str::<registry_names::Tag>("1")
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("expected a string holding a valid image tag"),
            "{message}"
        );
        let message = serde_json::from_str::<Kind>("1").unwrap_err().to_string();
        assert!(message.contains("expected a kind"), "{message}");
    }

    #[test]
    fn errors_serialize_with_stable_fields() {
        let err = swr::Namespace::parse("my._org").unwrap_err();
        assert_eq!(
            serde_json::to_value(err).unwrap(),
            serde_json::json!({
                "kind": "swr-namespace",
                "rule": "adjacent-separators",
                "offset": 3,
                "message": "invalid SWR namespace: '.' and '_' cannot be adjacent (byte 3)",
            })
        );
        let err = Tag::parse("-rc").unwrap_err();
        let value = serde_json::to_value(err).unwrap();
        assert_eq!(
            (value["kind"].as_str(), value["rule"].as_str()),
            (Some("tag"), Some("invalid-start"))
        );
        // A 1 MB input gives the same small object: the error never holds the input.
        let long = "A".repeat(1 << 20);
        let json = serde_json::to_string(&git::BranchName::parse(&long).map(drop).err()).unwrap();
        assert_eq!(json, "null");
        let json = serde_json::to_string(&swr::Namespace::parse(&long).unwrap_err()).unwrap();
        assert!(json.len() < 200, "{json}");
    }

    #[test]
    fn kinds_and_rules_round_trip_through_serde() {
        for kind in Kind::ALL {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{kind}\""));
            assert_eq!(serde_json::from_str::<Kind>(&json).unwrap(), kind);
        }
        for &rule in Rule::ALL {
            let json = serde_json::to_string(&rule).unwrap();
            assert_eq!(serde_json::from_str::<Rule>(&json).unwrap(), rule);
        }
        let long = serde_json::to_string(&"x".repeat(1 << 20)).unwrap();
        let message = serde_json::from_str::<Kind>(&long).unwrap_err().to_string();
        assert!(message.len() < MAX_MESSAGE, "{message}");
    }
}
