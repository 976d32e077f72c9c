//! Reading one document's tree as the tool it is written for reads it: which tool that is (from
//! the file's name and the document's top-level keys), then every node from the root, aliases
//! followed and `<<` merges applied within the file's budget, each scalar matched against the
//! paths where that tool takes an image. A collection the tree marks as holding no key an image
//! is found under and no alias is not read into ([`may_lead_to_image`]): most of a manifest
//! (labels, env, probes, resources) holds none.

// The crate is `no_std`; this module is built only with `std`.
use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};
use std::prelude::rust_2021::*;

use super::tree::{Class, Tree, NONE};
use super::{Hint, MAX_DEPTH};
use crate::scan::{Unknown, Value};

/// How many `<<` merges may nest (a merged mapping that merges another, …): past it the merge
/// counts as over the alias budget.
const MAX_MERGE_DEPTH: usize = 64;

/// A candidate before its position is turned into a line and column: the byte offset it is
/// reported at and, for a reference put together from fields, where each field is written.
pub(super) struct Found {
    pub(super) offset: u32,
    pub(super) value: Value,
    pub(super) fields: Vec<u32>,
}

/// The alias budget ran out, or aliases and merges nested too deep: at the alias (byte offset)
/// where the document's reading went through it.
pub(super) struct Exceeded {
    pub(super) at: u32,
}

/// The tools whose reading applies to a document.
#[derive(Default, Clone, Copy, Debug)]
struct Shape {
    kube: bool,
    kustomize: bool,
    helm: bool,
    compose: bool,
    gitlab: bool,
    workflow: bool,
    action: bool,
    drone: bool,
    bitbucket: bool,
}

/// The mapping keys the paths are made of; every other key is `Other`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Key {
    Image,
    Containers,
    Services,
    Jobs,
    Container,
    Steps,
    Uses,
    Name,
    Runs,
    Images,
    /// Kubernetes' `metadata`, whose labels and annotations are free text.
    Metadata,
    /// A GitLab CI top-level key that is no job (its `image` would be no job's image).
    NotJob,
    Other,
}

fn classify(key: &str) -> Key {
    match key {
        "image" => Key::Image,
        "containers" | "initContainers" | "ephemeralContainers" => Key::Containers,
        "services" => Key::Services,
        "jobs" => Key::Jobs,
        "container" => Key::Container,
        "steps" => Key::Steps,
        "uses" => Key::Uses,
        "name" => Key::Name,
        "runs" => Key::Runs,
        "images" => Key::Images,
        "metadata" => Key::Metadata,
        "variables" | "stages" | "include" | "workflow" | "spec" => Key::NotJob,
        _ => Key::Other,
    }
}

/// One step of the path from the document's root to a node.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Key(Key),
    Item,
}

use Step::{Item, Key as K};

/// How the tool reads the text of an image: what `$` means there.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Reading {
    /// Kubernetes (and what Helm and Kustomize put into manifests): the kubelet expands nothing;
    /// `$VAR` and `${VAR}` are a template step's placeholders, `$(VAR)` is literal.
    Kube,
    /// Compose interpolation.
    Compose,
    /// A CI runner's variables: any `$` is one (GitLab, Drone, Bitbucket, GitHub).
    Runner,
    /// `docker://REF` (GitHub's `uses` and an action's `runs.image`); anything else is no image.
    DockerUri,
}

/// Where a scalar at `path` is an image in a document of this shape, and how it is read.
fn leaf(shape: Shape, path: &[Step]) -> Option<Reading> {
    let last_is_image = matches!(path.last(), Some(K(Key::Image)));
    // A label or annotation named `image` is no image.
    let labelled = matches!(path, [.., K(Key::Metadata), K(_), K(Key::Image)]);
    if (shape.kube || shape.helm) && last_is_image && !labelled {
        return Some(Reading::Kube);
    }
    if shape.compose && matches!(path, [K(Key::Services), K(_), K(Key::Image)]) {
        return Some(Reading::Compose);
    }
    if shape.gitlab {
        let image = |rest: &[Step]| {
            matches!(
                rest,
                [K(Key::Image)]
                    | [K(Key::Image), K(Key::Name)]
                    | [K(Key::Services), Item]
                    | [K(Key::Services), Item, K(Key::Name)]
            )
        };
        let job = matches!(path.first(), Some(K(k)) if *k != Key::NotJob);
        if image(path) || (job && image(&path[1..])) {
            return Some(Reading::Runner);
        }
    }
    if shape.workflow {
        match path {
            [K(Key::Jobs), K(_), K(Key::Container)]
            | [K(Key::Jobs), K(_), K(Key::Container), K(Key::Image)]
            | [K(Key::Jobs), K(_), K(Key::Services), K(_), K(Key::Image)] => {
                return Some(Reading::Runner)
            }
            [K(Key::Jobs), K(_), K(Key::Steps), Item, K(Key::Uses)] => {
                return Some(Reading::DockerUri)
            }
            _ => {}
        }
    }
    if shape.action && matches!(path, [K(Key::Runs), K(Key::Image)]) {
        return Some(Reading::DockerUri);
    }
    if shape.drone
        && matches!(
            path,
            [K(Key::Steps), Item, K(Key::Image)] | [K(Key::Services), Item, K(Key::Image)]
        )
    {
        return Some(Reading::Runner);
    }
    if shape.bitbucket
        && matches!(
            path,
            [.., K(Key::Image)] | [.., K(Key::Image), K(Key::Name)]
        )
    {
        return Some(Reading::Runner);
    }
    // A pod's containers, wherever they are (a patch, a partial manifest, a chart's values).
    if matches!(path, [.., K(Key::Containers), Item, K(Key::Image)]) {
        return Some(Reading::Kube);
    }
    None
}

/// A mapping key under which a candidate may be found: one a path [`leaf`] takes ends in
/// (`image`, `container`, `uses`, `services`, whose items GitLab takes), Kustomize's `images`,
/// Helm's `repository` ([`Reader::mapping`]), or `<<`, which brings in another mapping's keys.
/// `name`, which most documents have everywhere, is no such key: it leads to an image only
/// under `image`, `services` or `images` ([`under_image_key`]). A collection that holds none of
/// these keys at any depth and no alias holds no candidate, unless it is under one of those
/// three: the tree marks the others ([`Tree::may_hold_image`]) and the walk reads only those
/// (and what aliases reach, which counts against the budget whether or not it is read).
pub(super) fn may_lead_to_image(key: &str) -> bool {
    matches!(
        key,
        "image" | "images" | "container" | "uses" | "services" | "repository" | "<<"
    )
}

/// A path where a mapping's `name` (GitLab's `image: {name}` and `services: [{name}]`,
/// Kustomize's `images: [{name}]`) may be an image, or the sequence holding such mappings.
fn under_image_key(path: &[Step]) -> bool {
    matches!(
        path,
        [.., K(Key::Image | Key::Services | Key::Images)]
            | [.., K(Key::Services | Key::Images), Item]
    )
}

/// `$VAR` or `${VAR}`: a placeholder a template step fills in (`$(VAR)` is not one).
fn has_placeholder(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'$', b).any(|i| {
        b.get(i + 1)
            .is_some_and(|&n| n == b'{' || n == b'_' || n.is_ascii_alphabetic())
    })
}

/// Compose's interpolation of `text`: `${V:-default}` and `${V-default}` give the default
/// (itself interpolated), `$$` is `$`; `None` for any other variable, whose value only the
/// environment knows.
pub(super) fn interpolate(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        let Some(dollar) = b[i..].iter().position(|&c| c == b'$') else {
            out.push_str(&text[i..]);
            break;
        };
        out.push_str(&text[i..i + dollar]);
        i += dollar;
        match b.get(i + 1) {
            Some(b'$') => {
                out.push('$');
                i += 2;
            }
            Some(b'{') => {
                // The matching `}`, counting the `${` of nested defaults.
                let mut depth = 1;
                let mut j = i + 2;
                while j < b.len() && depth > 0 {
                    match b[j] {
                        b'$' if b.get(j + 1) == Some(&b'{') => {
                            depth += 1;
                            j += 1;
                        }
                        b'}' => depth -= 1,
                        _ => {}
                    }
                    j += 1;
                }
                if depth > 0 {
                    return None;
                }
                let inner = &text[i + 2..j - 1];
                let name = inner
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                let rest = &inner[name..];
                let default = rest.strip_prefix(":-").or_else(|| rest.strip_prefix('-'))?;
                if name == 0 {
                    return None;
                }
                out.push_str(&interpolate(default)?);
                i = j;
            }
            Some(&c) if c == b'_' || c.is_ascii_alphabetic() => return None,
            // A `$` before nothing a variable starts with stays as it is.
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    Some(out)
}

/// A `{{ … }}` template's text: it holds `{{` (found by its first byte: values are short, and
/// `str::contains` would build a substring searcher for each).
fn is_template(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr_iter(b'{', b).any(|i| b.get(i + 1) == Some(&b'{'))
}

/// What a string read by `reading` gives; `None` for a template.
fn value_of(reading: Reading, text: &str) -> Option<Value> {
    if is_template(text) {
        return None;
    }
    Some(match reading {
        Reading::Kube if has_placeholder(text) => {
            Value::Unresolved(text.to_string(), Unknown::Placeholder)
        }
        Reading::Compose => match interpolate(text) {
            Some(expanded) => Value::Reference(expanded),
            None => Value::Unresolved(text.to_string(), Unknown::NoDefault),
        },
        Reading::Runner | Reading::DockerUri if text.contains('$') => {
            Value::Unresolved(text.to_string(), Unknown::NoDefault)
        }
        _ => Value::Reference(text.to_string()),
    })
}

#[cfg(not(test))]
fn skip_nothing() -> bool {
    false
}

#[cfg(test)]
std::thread_local! {
    /// Tests read every collection, to compare with what the walk skips.
    pub(super) static SKIP_NOTHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

#[cfg(test)]
fn skip_nothing() -> bool {
    SKIP_NOTHING.with(std::cell::Cell::get)
}

/// An open collection of the walk.
struct Frame {
    /// The next child (sequence) or key (mapping) of a collection read in place.
    next: u32,
    end: u32,
    /// A mapping's entries with its merges applied, when it has any.
    merged: Option<(Vec<(u32, u32)>, usize)>,
    mapping: bool,
    path_len: usize,
    /// The alias (byte offset) the walk came through to this collection, if any.
    aliased: Option<u32>,
}

/// The buffers of a document's reading, which the next document's reuses: a file of many small
/// documents allocates them once.
#[derive(Default)]
pub(super) struct Scratch {
    seen: HashSet<[u32; 5]>,
    path: Vec<Step>,
    frames: Vec<Frame>,
}

/// One document's reading.
pub(super) struct Reader<'a> {
    text: &'a str,
    tree: &'a Tree,
    /// Nodes the file may still visit through aliases.
    budget: &'a mut u64,
    found: &'a mut Vec<Found>,
    /// What was found in this document, by where it is written and how it was read: a value
    /// reached again through another alias is not found twice.
    seen: HashSet<[u32; 5]>,
    path: Vec<Step>,
    frames: Vec<Frame>,
    hash: RandomState,
}

impl<'a> Reader<'a> {
    pub(super) fn new(
        text: &'a str,
        tree: &'a Tree,
        budget: &'a mut u64,
        found: &'a mut Vec<Found>,
        scratch: &mut Scratch,
    ) -> Self {
        scratch.seen.clear();
        scratch.path.clear();
        scratch.frames.clear();
        Reader {
            text,
            tree,
            budget,
            found,
            seen: std::mem::take(&mut scratch.seen),
            path: std::mem::take(&mut scratch.path),
            frames: std::mem::take(&mut scratch.frames),
            hash: RandomState::new(),
        }
    }

    /// Gives the buffers back for the next document.
    pub(super) fn finish(self, scratch: &mut Scratch) {
        scratch.seen = self.seen;
        scratch.path = self.path;
        scratch.frames = self.frames;
    }

    fn charge(&mut self, nodes: u64, at: Option<u32>) -> Result<(), Exceeded> {
        let Some(at) = at else { return Ok(()) };
        if *self.budget < nodes {
            *self.budget = 0;
            return Err(Exceeded { at });
        }
        *self.budget -= nodes;
        Ok(())
    }

    /// The node itself, or the one it names if it is an alias (`NONE` for an alias that names
    /// nothing it may follow), and the alias the walk now comes through.
    fn resolve(&self, node: u32, aliased: Option<u32>) -> (u32, Option<u32>) {
        match self.tree.alias_target(node) {
            Some(target) => (target, aliased.or(Some(self.tree.offset(node)))),
            None => (node, aliased),
        }
    }

    #[inline(always)]
    fn key_text(&self, key: u32) -> Option<&'a str> {
        let (key, _) = self.resolve(key, None);
        (key != NONE && self.tree.is_scalar(key)).then(|| self.tree.value(self.text, key))
    }

    /// A mapping's own entries, in order.
    fn own_entries(&self, map: u32) -> impl Iterator<Item = (u32, u32)> + 'a {
        let tree = self.tree;
        let end = tree.after(map);
        let mut next = map + 1;
        std::iter::from_fn(move || {
            if next >= end {
                return None;
            }
            let key = next;
            let value = tree.after(key);
            if value >= end {
                return None;
            }
            next = tree.after(value);
            Some((key, value))
        })
    }

    fn has_merge(&self, map: u32) -> bool {
        self.tree.may_merge_into(map)
            && self
                .own_entries(map)
                .any(|(k, _)| self.key_text(k) == Some("<<"))
    }

    /// A mapping's entries with its `<<` merges applied: its own keys first, then each merged
    /// mapping's keys that no earlier one has (YAML's merge key: the mapping's own keys win, and
    /// an earlier merged mapping wins over a later one).
    fn entries(
        &mut self,
        map: u32,
        aliased: Option<u32>,
        depth: usize,
    ) -> Result<Vec<(u32, u32)>, Exceeded> {
        if !self.tree.may_merge_into(map) {
            return Ok(self.own_entries(map).collect());
        }
        let mut own = Vec::new();
        let mut sources = Vec::new();
        for (key, value) in self.own_entries(map) {
            if self.key_text(key) != Some("<<") {
                own.push((key, value));
                continue;
            }
            let (value, via) = self.resolve(value, aliased);
            if value == NONE || self.tree.is_foreign(value) {
                continue;
            }
            if self.tree.is_mapping(value) {
                sources.push((value, via));
            } else if self.tree.is_sequence(value) {
                let items: Vec<u32> = self.children(value).collect();
                for item in items {
                    let (item, via) = self.resolve(item, via);
                    if item != NONE && self.tree.is_mapping(item) && !self.tree.is_foreign(item) {
                        sources.push((item, via));
                    }
                }
            }
        }
        if sources.is_empty() {
            return Ok(own);
        }
        let at = aliased.unwrap_or_else(|| self.tree.offset(map));
        if depth >= MAX_MERGE_DEPTH {
            return Err(Exceeded { at });
        }
        let mut keys: HashSet<u64> = own
            .iter()
            .filter_map(|&(k, _)| self.key_text(k))
            .map(|k| self.hash.hash_one(k))
            .collect();
        for (source, via) in sources {
            let merged = self.entries(source, via, depth + 1)?;
            // Merged entries are reached through an alias, or copied from another mapping:
            // either way they count against the budget.
            self.charge(merged.len() as u64, Some(via.unwrap_or(at)))?;
            for (key, value) in merged {
                let fresh = match self.key_text(key) {
                    Some(k) => keys.insert(self.hash.hash_one(k)),
                    None => true,
                };
                if fresh {
                    own.push((key, value));
                }
            }
        }
        Ok(own)
    }

    /// A sequence's items.
    fn children(&self, seq: u32) -> impl Iterator<Item = u32> + 'a {
        let tree = self.tree;
        let end = tree.after(seq);
        let mut next = seq + 1;
        std::iter::from_fn(move || {
            (next < end).then(|| {
                let item = next;
                next = tree.after(item);
                item
            })
        })
    }

    /// The (resolved) value of `key` in a mapping's entries.
    fn get(&self, entries: &[(u32, u32)], key: &str) -> Option<u32> {
        entries
            .iter()
            .find(|&&(k, _)| self.key_text(k) == Some(key))
            .map(|&(_, v)| self.resolve(v, None).0)
            .filter(|&v| v != NONE)
    }

    fn string(&self, node: Option<u32>) -> Option<&'a str> {
        let node = node?;
        (self.tree.is_scalar(node) && self.tree.class(node) == Class::Str)
            .then(|| self.tree.value(self.text, node))
    }

    /// Which tools read this document.
    fn shape(&mut self, root: u32, hint: Hint) -> Result<Shape, Exceeded> {
        let mut shape = Shape::default();
        let root_entries = if self.tree.is_mapping(root) && !self.tree.is_foreign(root) {
            self.entries(root, None, 0)?
        } else {
            Vec::new()
        };
        let kind = self.string(self.get(&root_entries, "kind"));
        let api = self.string(self.get(&root_entries, "apiVersion"));
        if hint == Hint::Kustomization
            || kind == Some("Kustomization")
            || (kind == Some("Component")
                && api.is_some_and(|a| a.starts_with("kustomize.config.k8s.io/")))
        {
            shape.kustomize = true;
            return Ok(shape);
        }
        if kind.is_some() && api.is_some() {
            shape.kube = true;
            return Ok(shape);
        }
        if hint == Hint::Drone || kind == Some("pipeline") {
            shape.drone = true;
            return Ok(shape);
        }
        match hint {
            Hint::HelmValues => shape.helm = true,
            Hint::Compose => shape.compose = true,
            Hint::GitLabCi => shape.gitlab = true,
            Hint::GitHubWorkflow => shape.workflow = true,
            Hint::GitHubAction => shape.action = true,
            Hint::Bitbucket => shape.bitbucket = true,
            Hint::Kustomization | Hint::Drone => {}
            Hint::None => {
                // Compose by its `services` of containers; GitLab CI by a key only GitLab uses
                // at the top level, or a job holding one (compose also has `include`, so it is
                // asked first).
                let holds = |this: &Self, node: u32, keys: &[&str]| {
                    this.tree.is_mapping(node)
                        && !this.tree.is_foreign(node)
                        && this
                            .own_entries(node)
                            .any(|(k, _)| this.key_text(k).is_some_and(|k| keys.contains(&k)))
                };
                let services = self.get(&root_entries, "services");
                shape.compose = services.is_some_and(|s| {
                    holds(self, s, &[])
                        || (self.tree.is_mapping(s)
                            && self.own_entries(s).any(|(_, v)| {
                                let (v, _) = self.resolve(v, None);
                                v != NONE && holds(self, v, &["image", "build"])
                            }))
                });
                if !shape.compose {
                    shape.gitlab = root_entries.iter().any(|&(k, v)| {
                        let top = [
                            "stages",
                            "include",
                            "workflow",
                            "default",
                            "before_script",
                            "after_script",
                        ];
                        self.key_text(k).is_some_and(|k| top.contains(&k)) || {
                            let (v, _) = self.resolve(v, None);
                            v != NONE && holds(self, v, &["script", "stage", "extends"])
                        }
                    });
                }
            }
        }
        Ok(shape)
    }

    /// Reads the document whose root is `root`.
    pub(super) fn read(&mut self, root: u32, hint: Hint) -> Result<(), Exceeded> {
        let shape = self.shape(root, hint)?;
        let mut frames = std::mem::take(&mut self.frames);
        self.visit(root, None, None, shape, &mut frames)?;
        while let Some(frame) = frames.last_mut() {
            let path_len = frame.path_len;
            let aliased = frame.aliased;
            let next = if let Some((entries, pos)) = &mut frame.merged {
                let entry = entries.get(*pos).copied();
                *pos += 1;
                entry.map(|(k, v)| (Some(k), v))
            } else if frame.next < frame.end {
                let child = frame.next;
                if frame.mapping {
                    let value = self.tree.after(child);
                    frame.next = if value < frame.end {
                        self.tree.after(value)
                    } else {
                        frame.end
                    };
                    (value < frame.end).then_some((Some(child), value))
                } else {
                    frame.next = self.tree.after(child);
                    Some((None, child))
                }
            } else {
                None
            };
            self.path.truncate(path_len);
            let Some((key, node)) = next else {
                frames.pop();
                continue;
            };
            let step = match key {
                Some(key) => {
                    self.charge(1, aliased)?;
                    K(self.key_text(key).map_or(Key::Other, classify))
                }
                None => Item,
            };
            self.visit(node, Some(step), aliased, shape, &mut frames)?;
        }
        // Kept for the next document (lost, and allocated again, when the budget ran out).
        self.frames = frames;
        Ok(())
    }

    fn visit(
        &mut self,
        node: u32,
        step: Option<Step>,
        aliased: Option<u32>,
        shape: Shape,
        frames: &mut Vec<Frame>,
    ) -> Result<(), Exceeded> {
        self.charge(1, aliased)?;
        let (node, aliased) = self.resolve(node, aliased);
        if node == NONE {
            return Ok(());
        }
        self.charge(u64::from(aliased.is_some()), aliased)?;
        if let Some(step) = step {
            self.path.push(step);
        }
        if self.tree.is_scalar(node) {
            self.scalar(node, shape);
            return Ok(());
        }
        if self.tree.is_foreign(node) {
            return Ok(());
        }
        // Reached in place, a collection that holds nothing an image is found under yields
        // nothing (`may_lead_to_image`).
        if aliased.is_none()
            && !self.tree.may_hold_image(node)
            && !under_image_key(&self.path)
            && !skip_nothing()
        {
            return Ok(());
        }
        if frames.len() >= MAX_DEPTH {
            // Only aliases make a walk deeper than the text.
            return Err(Exceeded {
                at: aliased.unwrap_or_else(|| self.tree.offset(node)),
            });
        }
        let mapping = self.tree.is_mapping(node);
        let merged = if mapping && self.has_merge(node) {
            Some((self.entries(node, aliased, 0)?, 0))
        } else {
            None
        };
        if mapping {
            self.mapping(node, shape, merged.as_ref().map(|(e, _)| e.as_slice()));
        }
        frames.push(Frame {
            next: node + 1,
            end: self.tree.after(node),
            merged,
            mapping,
            path_len: self.path.len(),
            aliased,
        });
        Ok(())
    }

    fn push(&mut self, key: [u32; 5], found: impl FnOnce() -> Option<Found>) {
        if !self.seen.contains(&key) {
            if let Some(found) = found() {
                self.seen.insert(key);
                self.found.push(found);
            }
        }
    }

    fn scalar(&mut self, node: u32, shape: Shape) {
        let Some(reading) = leaf(shape, &self.path) else {
            return;
        };
        let offset = self.tree.offset(node);
        let key = [offset, reading as u32, NONE, NONE, NONE];
        let (text, tree) = (self.text, self.tree);
        match tree.class(node) {
            Class::Str => self.push(key, || {
                let value = tree.value(text, node);
                let (value, shift) = match reading {
                    Reading::DockerUri => (value.strip_prefix("docker://")?, 9),
                    _ => (value, 0),
                };
                Some(Found {
                    offset: offset + shift,
                    value: value_of(reading, value)?,
                    fields: Vec::new(),
                })
            }),
            // `image: ~`: no image at all, which only `--strict` reports.
            Class::Null
                if reading != Reading::DockerUri
                    && matches!(self.path.last(), Some(K(Key::Image))) =>
            {
                self.push(key, || {
                    Some(Found {
                        offset,
                        value: Value::Null(tree.value(text, node).to_string()),
                        fields: Vec::new(),
                    })
                })
            }
            _ => {}
        }
    }

    /// A mapping that is one image of split fields: a Kustomize `images[]` entry, or Helm's
    /// `registry`/`repository`/`tag`/`digest`.
    fn mapping(&mut self, map: u32, shape: Shape, merged: Option<&[(u32, u32)]>) {
        let kustomize = shape.kustomize && self.path == [K(Key::Images), Item];
        if !kustomize && !shape.helm {
            return;
        }
        let own: Vec<(u32, u32)>;
        let entries = match merged {
            Some(entries) => entries,
            None => {
                own = self.own_entries(map).collect();
                &own
            }
        };
        let field = |name: &str| self.field(entries, name);
        let mut new_name_given = false;
        let parts: [(&str, Field); 4] = if kustomize {
            let name = field("name");
            let new_name = field("newName");
            new_name_given = matches!(new_name, Field::Text(..));
            let name_part = if new_name_given { new_name } else { name };
            [
                ("", Field::Absent),
                ("", name_part),
                (":", field("newTag")),
                ("@", field("digest")),
            ]
        } else {
            let has_any = ["registry", "tag", "digest", "version"]
                .iter()
                .any(|k| self.key_present(entries, k));
            let repository = field("repository");
            let Field::Text(repo, _) = repository else {
                return;
            };
            // A chart dependency's or a git repository's URL is no image.
            if !has_any || repo.contains("://") {
                return;
            }
            let tag = match field("tag") {
                Field::Absent => field("version"),
                tag => tag,
            };
            [
                ("", field("registry")),
                ("/", repository),
                (":", tag),
                ("@", field("digest")),
            ]
        };
        if parts.iter().any(|(_, f)| matches!(f, Field::Unknown)) {
            return;
        }
        let Field::Text(_, name_at) = parts[1].1 else {
            return;
        };
        let mut key = [NONE, NONE, NONE, NONE, 100];
        let mut text = String::new();
        let mut fields = Vec::new();
        let mut starts = Vec::new();
        for (i, (separator, part)) in parts.iter().enumerate() {
            if let Field::Text(value, at) = part {
                key[i] = *at;
                // A separator belongs to the field after it: an error at `:` is the tag's.
                starts.push(text.len());
                if !text.is_empty() {
                    text.push_str(separator);
                }
                fields.push(*at);
                text.push_str(value);
            }
        }
        let report = name_at;
        // `name` alone selects images; with `newName`, `newTag` or `digest` it makes one.
        let matcher = kustomize && fields.len() == 1 && !new_name_given;
        self.push(key, || {
            let value = value_of(Reading::Kube, &text)?;
            let value = match value {
                Value::Reference(text) if matcher => Value::Matcher(text),
                Value::Reference(text) if fields.len() > 1 => {
                    Value::Composed(crate::scan::Composed {
                        text,
                        fields: starts
                            .iter()
                            .map(|&start| crate::scan::Field {
                                start,
                                line: 0,
                                column: 0,
                            })
                            .collect(),
                    })
                }
                other => other,
            };
            Some(Found {
                offset: report,
                value,
                fields,
            })
        });
    }

    fn key_present(&self, entries: &[(u32, u32)], key: &str) -> bool {
        entries.iter().any(|&(k, _)| self.key_text(k) == Some(key))
    }

    /// One field of a split image: its text as written (a number too: `tag: 1.10` is `1.10`),
    /// absent when missing, null or an empty string, unknown when it is anything else (a
    /// template, a boolean, a collection, a foreign tag), which makes the whole image unknown.
    fn field(&self, entries: &[(u32, u32)], name: &str) -> Field<'a> {
        let Some(node) = self.get(entries, name) else {
            return Field::Absent;
        };
        if !self.tree.is_scalar(node) {
            return Field::Unknown;
        }
        let value = self.tree.value(self.text, node);
        match self.tree.class(node) {
            Class::Null => Field::Absent,
            Class::Str | Class::Number if value.is_empty() => Field::Absent,
            Class::Str | Class::Number if !is_template(value) => {
                Field::Text(value, self.tree.offset(node))
            }
            _ => Field::Unknown,
        }
    }
}

#[derive(Clone, Copy)]
enum Field<'a> {
    Absent,
    Unknown,
    Text(&'a str, u32),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key a path `leaf` ends in but `name` is one `may_lead_to_image` keeps.
    #[test]
    fn the_keys_paths_end_in_may_lead_to_an_image() {
        let keys = [
            "image",
            "containers",
            "initContainers",
            "ephemeralContainers",
            "services",
            "jobs",
            "container",
            "steps",
            "uses",
            "name",
            "runs",
            "images",
            "metadata",
            "variables",
            "stages",
            "include",
            "workflow",
            "spec",
            "other",
        ];
        for key in keys {
            // `name` ends paths only under `image` and `services` (`under_image_key`).
            let ends_a_path = matches!(
                classify(key),
                Key::Image | Key::Container | Key::Uses | Key::Services | Key::Images
            );
            assert_eq!(ends_a_path, may_lead_to_image(key), "{key}");
        }
        for key in ["repository", "<<"] {
            assert!(may_lead_to_image(key), "{key}");
        }
        assert!(under_image_key(&[
            K(Key::Jobs),
            K(Key::Other),
            K(Key::Image)
        ]));
        assert!(under_image_key(&[K(Key::Services), Item]));
        assert!(under_image_key(&[K(Key::Images), Item]));
        assert!(!under_image_key(&[K(Key::Containers), Item]));
    }

    #[test]
    fn compose_interpolation() {
        for (text, expanded) in [
            ("nginx:${TAG:-1.27}", Some("nginx:1.27")),
            ("nginx:${TAG-1.27}", Some("nginx:1.27")),
            (
                "${REG:-${MIRROR:-docker.io}}/nginx",
                Some("docker.io/nginx"),
            ),
            ("a$$b", Some("a$b")),
            ("nginx:${TAG}", None),
            ("nginx:$TAG", None),
            ("nginx:${TAG:?set it}", None),
            ("nginx:${TAG:+x}", None),
            ("nginx:${TAG:-${OTHER}}", None),
            ("nginx:${TAG:-1", None),
            ("nginx:${:-1}", None),
            ("cost$5", Some("cost$5")),
        ] {
            assert_eq!(interpolate(text).as_deref(), expanded, "{text}");
        }
    }

    #[test]
    fn placeholders_but_not_kubernetes_own_syntax() {
        assert!(has_placeholder("nginx:$TAG"));
        assert!(has_placeholder("${REGISTRY}/nginx"));
        assert!(!has_placeholder("nginx:$(TAG)"));
        assert!(!has_placeholder("nginx:1.27"));
    }
}
