//! A stand-in for a registry's own code: where a repository is stored.

/// The storage key of a repository: its name with each `/` as `$` (SWR's URL path form).
pub fn storage_key(repository: &str) -> String {
    repository.replace('/', "$")
}
