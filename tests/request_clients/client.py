"""Sends tests/request_clients.rs' Python requests through the gateway at argv[1], built as
real scripts build them: `requests` (which encodes `params` with urllib.parse.urlencode,
doseq=True: booleans as `True`/`False`, lists as repeated names, `+` for spaces, `:` as %3A)
and urllib.parse directly. Prints one line per request: name, status, the target sent."""

import sys
import urllib.parse

import requests

BASE = sys.argv[1]
LIST = BASE + "/api/v1/repository/org/app/tag/"
DIGEST = "sha256:" + "0123456789abcdef" * 4


def show(name, response):
    sent = urllib.parse.urlsplit(response.request.url)
    target = sent.path + ("?" + sent.query if sent.query else "")
    print(f"{name}\t{response.status_code}\t{target}")


s = requests.Session()
# Konflux / Red Hat tooling: a Python bool, and a cleanup script's page size.
show("py-bool-limit-page", s.get(LIST, params={"onlyActiveTags": True, "limit": 250, "page": 0}))
show("py-false-specific", s.get(LIST, params={"onlyActiveTags": False, "specificTag": "v1"}))
show("py-space-plus", s.get(LIST, params={"filter_tag_name": "like:v1 beta"}))
show("py-list-undocumented", s.get(LIST, params={"filter_tag_name": "eq:v1", "fields": ["name", "digest"]}))
show("py-urlencode", s.get(LIST + "?" + urllib.parse.urlencode({"limit": 25, "page": 2, "onlyActiveTags": "true"})))
show("py-expiration-fraction", s.put(BASE + "/api/v1/repository/org/app/tag/v1", json={"expiration": 1767225600.5}))
show("py-expiration-null", s.put(BASE + "/api/v1/repository/org/app/tag/v1", json={"expiration": None, "manifest_digest": DIGEST}))
show("py-restore", s.post(BASE + "/api/v1/repository/org/app/tag/v1/restore", json={"manifest_digest": DIGEST}))
swr = BASE + "/v2/manage/namespaces/group/repos/" + urllib.parse.quote("library$nginx", safe="") + "/tags"
show("py-swr-create-tag", s.post(swr, json={"source_tag": "v1", "destination_tag": "v1-stable", "override": True}))
show("py-swr-bool", s.get(BASE + "/v3/manage/namespaces/group/repos/nginx/tags", params={"with_manifest": True}))
