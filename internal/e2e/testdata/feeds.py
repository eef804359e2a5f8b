"""feeds.py FILE...

Parses each Atom feed with feedparser (Debian's python3-feedparser), an
independent feed parser, and prints one JSON record a feed: whether the
parser had to recover from an error (bozo), the feed's version, and for
each entry its id, updated date and link. The Go test judges the records.
"""
import json
import sys

import feedparser


def main(paths):
    out = []
    for path in paths:
        with open(path, "rb") as f:
            d = feedparser.parse(f.read())
        out.append({
            "file": path,
            "bozo": int(bool(d.bozo)),
            "bozo_exception": str(d.get("bozo_exception", "")),
            "version": d.get("version", ""),
            "title": d.feed.get("title", ""),
            "entries": [
                {
                    "id": e.get("id", ""),
                    "updated": e.get("updated", ""),
                    "updated_parsed": e.get("updated_parsed") is not None,
                    "link": e.get("link", ""),
                    "title": e.get("title", ""),
                }
                for e in d.entries
            ],
        })
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
