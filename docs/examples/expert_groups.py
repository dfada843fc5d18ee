"""List the network's expert groups with their status and members, from the public API.

One request gives every group with every field (API v2, ``fields=*``).
Run it against the development server started by ``make run``:

    python docs/examples/expert_groups.py http://127.0.0.1:8000

It needs nothing but Python's standard library.
"""

import json
import sys
import urllib.request

LISTING = "/api/v2/pages/?type=verkosto_pages.ExpertGroupPage&fields=status,status_display,convener,members&limit=20"


def fetch(url):
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def describe(membership):
    organisation = membership["organisation"]
    representative = membership["representative"]
    names = [part for part in ((organisation or {}).get("name"), (representative or {}).get("name")) if part]
    return ", ".join(names) or membership["note"]


def main(base_url, out=sys.stdout):
    groups = fetch(base_url.rstrip("/") + LISTING)["items"]
    for group in groups:
        print(f"{group['title']} ({group['status_display']})", file=out)
        if group["convener"]:
            print(f"  Koollekutsuja: {group['convener']['name']}", file=out)
        for membership in group["members"]:
            print(f"  - {membership['role_display']}: {describe(membership)}", file=out)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
