#!/usr/bin/env python3
"""Word fidelity of the imported reports: the words of each document's text
against the words of its PDF as poppler's pdftotext reads it, page furniture
(lines that recur at the top or foot of three or more pages, and bare page
numbers) left out. Prints the median and worst recall and precision.

    python3 testdata/ofsted/fidelity.py REPORTS_DIR [CONTENT_DIR]
"""
import collections, csv, os, re, statistics, subprocess, sys

reports = sys.argv[1]
content = sys.argv[2] if len(sys.argv) > 2 else "content"
rows = {r["inspection_link"]: r for r in csv.DictReader(open("testdata/ofsted/ilacs_history.csv", encoding="utf-8-sig"))}
word = re.compile(r"[\w’']+")

def words(text):
    return collections.Counter(w.lower().strip("’'") for w in word.findall(text) if w.strip("’'"))

def pdf_words(path):
    out = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout
    pages = [p.split("\n") for p in out.split("\f")]
    def key(l):
        return re.sub(r"\d+", "#", " ".join(l.split()))
    edges = collections.Counter()
    for p in pages:
        ls = [l for l in p if l.strip()]
        for k in {key(l) for l in ls[:3] + ls[-3:]}:
            edges[k] += 1
    kept = []
    for p in pages:
        ls = [l for l in p if l.strip()]
        for i, l in enumerate(ls):
            edge = i < 3 or i >= len(ls) - 3
            if edge and (re.fullmatch(r"\s*\d+\s*", l) or edges[key(l)] >= 3):
                continue
            kept.append(l)
    return words("\n".join(kept))

results = []
for root, _, files in os.walk(content):
    for f in files:
        if not f.endswith("-inspection.md"):
            continue
        src = open(os.path.join(root, f), encoding="utf-8").read()
        if "read it from [the PDF]" not in src:
            continue
        link = re.search(r'^source = "([^"]+)"', src, re.M).group(1)
        r = rows[link]
        pdf = os.path.join(reports, r["urn"] + "_" + r["local_authority"], r["pdf_filename"])
        body = src.split("+++", 2)[2].rsplit("\n---\n", 1)[0]
        body = re.sub(r"\[\^\d+\]", "", body)          # footnote references
        body = re.sub(r"^\[\^(\d+)\]:", r"\1", body, flags=re.M)  # definitions keep their number
        body = re.sub(r"\\(.)", r"\1", body)
        got, want = words(body), pdf_words(pdf)
        common = sum((got & want).values())
        results.append((common / max(1, sum(want.values())), common / max(1, sum(got.values())), os.path.join(root, f)))

rec = [r[0] for r in results]
pre = [r[1] for r in results]
print(f"{len(results)} documents; recall median {statistics.median(rec):.4f}, mean {statistics.mean(rec):.4f}, min {min(rec):.4f}; "
      f"precision median {statistics.median(pre):.4f}, mean {statistics.mean(pre):.4f}, min {min(pre):.4f}")
for r in sorted(results)[:8]:
    print(f"  recall {r[0]:.4f} precision {r[1]:.4f} {r[2]}")
