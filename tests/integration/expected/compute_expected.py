#!/usr/bin/python3
"""Computes the expected figures for the integration tests from the real PubMed/MEDLINE
sample files, independently of medsearch's C++ reader (lxml, whole-file parse), and writes
shared_pubmed.json next to this script.

Usage:
    /usr/bin/python3 tests/integration/expected/compute_expected.py [--shared DIR]
        [--biopython-doc DIR] [--out FILE] [--check]

--check recomputes and exits 1 when the committed JSON differs (nothing is written).
See README.md in this folder for what every figure means.
"""

import argparse
import collections
import gzip
import hashlib
import json
import os
import re
import sys

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
DEFAULT_SHARED = os.path.join(os.path.dirname(REPO), "shared", "data", "pubmed")
DEFAULT_BIOPYTHON_DOC = "/usr/share/doc/python-biopython-doc/Tests/Entrez"

# XML whitespace (XML 1.0 production S): space, tab, CR, LF. Deliberately not Python's
# str.split(), which would also collapse U+00A0 and other Unicode spaces.
XML_SPACE_RUN = re.compile(r"[ \t\r\n]+")
YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
WORD = re.compile(r"[A-Za-z]+")
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
MONTH_FULL = ["january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december"]
ENTITY_REF = re.compile(rb"&(#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z_][A-Za-z0-9._-]*);")
LIST_LIMIT = 50  # longer lists are cut to their first LIST_LIMIT entries (the count stays exact)
SAMPLES_PER_FILE = 2

RECORD_TAGS = ("PubmedArticle", "MedlineCitation", "PubmedBookArticle")


def parser():
    # No DTD, no network, no entity expansion: several files name a remote DTD.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=True, remove_comments=False)


def flat(el):
    """All descendant text of `el`, XML-whitespace runs collapsed to one space, trimmed."""
    if el is None:
        return ""
    return XML_SPACE_RUN.sub(" ", el.xpath("string()")).strip(" ")


def month_of(text, after):
    """1..12 for the first English month name (3-letter abbreviation, 'Sept' or full name,
    any case) in text[after:], else 0."""
    for w in WORD.findall(text[after:]):
        lw = w.lower()
        if lw in MONTHS:
            return MONTHS.index(lw) + 1
        if lw in MONTH_FULL:
            return MONTH_FULL.index(lw) + 1
        if lw == "sept":
            return 9
    return 0


def medline_date_parts(text):
    m = YEAR.search(text)
    if not m:
        return 0, 0
    return int(m.group(0)), month_of(text, m.end())


def read_bytes(path):
    with open(path, "rb") as f:
        raw = f.read()
    is_gz = raw[:2] == b"\x1f\x8b"
    return raw, (gzip.decompress(raw) if is_gz else raw), is_gz


def capped(items):
    items = list(items)
    return items[:LIST_LIMIT]


class Citation:
    """The fields of one top-level citation that the figures need."""

    def __init__(self, rec):
        if rec.tag == "PubmedArticle":
            mc = rec.find("MedlineCitation")
            pd = rec.find("PubmedData")
        else:  # a MedlineCitationSet record
            mc, pd = rec, None
        self.pmid_el = mc.find("PMID") if mc is not None else None
        self.pmid = flat(self.pmid_el)
        self.version = (self.pmid_el.get("Version") or "") if self.pmid_el is not None else ""
        art = mc.find("Article") if mc is not None else None
        self.article = art
        self.title = flat(art.find("ArticleTitle")) if art is not None else ""
        self.vernacular_title = flat(art.find("VernacularTitle")) if art is not None else ""
        self.languages = [flat(e) for e in art.findall("Language")] if art is not None else []
        self.sections = art.findall("Abstract/AbstractText") if art is not None else []
        self.other_abstracts = mc.findall("OtherAbstract") if mc is not None else []
        self.authors = art.findall("AuthorList/Author") if art is not None else []
        pubdate = art.find("Journal/JournalIssue/PubDate") if art is not None else None
        self.pubdate_year_text = flat(pubdate.find("Year")) if pubdate is not None else ""
        md = pubdate.find("MedlineDate") if pubdate is not None else None
        self.medline_date = flat(md) if md is not None else None
        self.iso = flat(art.find("Journal/ISOAbbreviation")) if art is not None else ""
        descriptors = (mc.findall("MeshHeadingList/MeshHeading/DescriptorName")
                       if mc is not None else [])
        self.mesh_uis = [e.get("UI") or "" for e in descriptors]
        self.mesh_names = [flat(e) for e in descriptors]
        doi = ""
        if pd is not None:
            for e in pd.findall("ArticleIdList/ArticleId"):
                if e.get("IdType") == "doi":
                    doi = flat(e)
                    break
        if not doi and art is not None:
            for e in art.findall("ELocationID"):
                if e.get("EIdType") == "doi":
                    doi = flat(e)
                    break
        self.doi = doi
        self.has_pubdate_year = bool(self.pubdate_year_text)

    @property
    def year(self):
        if self.pubdate_year_text and YEAR.fullmatch(self.pubdate_year_text):
            return int(self.pubdate_year_text)
        if self.medline_date is not None:
            return medline_date_parts(self.medline_date)[0]
        return 0

    @property
    def has_abstract(self):
        return any(flat(s) for s in self.sections)


def analyse_file(path, rel):
    raw, xml, is_gz = read_bytes(path)
    root = etree.fromstring(xml, parser())
    tree = root.getroottree()
    recs = [root] if root.tag in RECORD_TAGS else list(root)

    events = []  # ("cite", Citation) or ("del", pmid) in document order
    top = collections.Counter()
    for rec in recs:
        if not isinstance(rec.tag, str):
            continue  # comments, processing instructions
        top[rec.tag] += 1
        if rec.tag in ("PubmedArticle", "MedlineCitation"):
            events.append(("cite", Citation(rec)))
        elif rec.tag == "DeleteCitation":
            for p in rec.findall("PMID"):
                events.append(("del", flat(p)))

    cites = [c for kind, c in events if kind == "cite"]
    deletions = [p for kind, p in events if kind == "del"]
    pmid_counts = collections.Counter(c.pmid for c in cites)
    languages = collections.Counter(l for c in cites for l in c.languages)
    labels = collections.Counter(s.get("Label") for c in cites for s in c.sections
                                 if s.get("Label") is not None)
    categories = collections.Counter(s.get("NlmCategory") for c in cites for s in c.sections
                                     if s.get("NlmCategory") is not None)
    medline_dates = []
    for c in cites:
        if c.medline_date is not None:
            y, m = medline_date_parts(c.medline_date)
            medline_dates.append({"pmid": c.pmid, "medline_date": c.medline_date,
                                  "year": y, "month": m})
    entity_refs = collections.Counter(m.group(0).decode("ascii")
                                      for m in ENTITY_REF.finditer(xml))

    samples = []
    for c in cites[:SAMPLES_PER_FILE]:
        samples.append({"pmid": c.pmid, "version": c.version, "title": c.title,
                        "iso_abbreviation": c.iso, "year": c.year,
                        "mesh_descriptor_uis": c.mesh_uis,
                        "mesh_descriptor_names": c.mesh_names, "doi": c.doi,
                        "languages": c.languages})

    first_record_pmid = cites[0].pmid if cites else ""
    doctype = tree.docinfo.doctype or ""
    out = {
        "path": rel,
        "bytes_on_disk": len(raw),
        "sha256": hashlib.sha256(raw).hexdigest(),
        "gzip": is_gz,
        "uncompressed_bytes": len(xml),
        "utf8_bom": xml[:3] == b"\xef\xbb\xbf",
        "root_element": root.tag,
        "doctype_system_url": tree.docinfo.system_url or "",
        "has_doctype": bool(doctype),
        "top_level_elements": dict(top),
        "citations": len(cites),
        "book_articles": top.get("PubmedBookArticle", 0),
        "unique_pmids": len(pmid_counts),
        "duplicate_pmids": {p: n for p, n in sorted(pmid_counts.items()) if n > 1},
        "pmid_versions": dict(collections.Counter(c.version or "absent" for c in cites)),
        "pmids_version_gt1": capped(c.pmid for c in cites
                                    if c.version.isdigit() and int(c.version) > 1),
        "non_numeric_pmids": capped(c.pmid for c in cites if not c.pmid.isdigit()),
        "deletions": len(deletions),
        "deletion_pmids": capped(deletions),
        "with_abstract": sum(1 for c in cites if c.has_abstract),
        "with_abstract_element": sum(1 for c in cites
                                     if c.article is not None
                                     and c.article.find("Abstract") is not None),
        "with_structured_abstract": sum(1 for c in cites
                                        if any(s.get("Label") for s in c.sections)),
        "abstract_sections": sum(len(c.sections) for c in cites),
        "empty_abstract_sections": sum(1 for c in cites for s in c.sections if not flat(s)),
        "abstract_sections_with_markup": sum(1 for c in cites for s in c.sections
                                             if len(s) > 0),
        "other_abstracts": sum(len(c.other_abstracts) for c in cites),
        "with_vernacular_title": sum(1 for c in cites if c.vernacular_title),
        "languages": dict(languages),
        "citations_with_several_languages": sum(1 for c in cites if len(c.languages) > 1),
        "abstract_labels": dict(labels),
        "nlm_categories": dict(categories),
        "medline_dates": medline_dates,
        "pmids_without_year": capped(c.pmid for c in cites if c.year == 0),
        "pmids_without_pubdate_year": capped(c.pmid for c in cites if not c.has_pubdate_year),
        "authors": sum(len(c.authors) for c in cites),
        "collective_name_authors": sum(1 for c in cites for a in c.authors
                                       if a.find("CollectiveName") is not None),
        "titles_with_markup": sum(1 for c in cites if c.article is not None
                                  and c.article.find("ArticleTitle") is not None
                                  and len(c.article.find("ArticleTitle")) > 0),
        "titles_with_nbsp": sum(1 for c in cites if "\u00a0" in c.title),
        "empty_titles": capped(c.pmid for c in cites if not c.title),
        "bracketed_titles": sum(1 for c in cites
                                if c.title.startswith("[") and c.title.endswith("].")
                                or c.title.startswith("[") and c.title.endswith("]")),
        "with_doi": sum(1 for c in cites if c.doi),
        "entity_refs": dict(entity_refs),
        "first_pmid": first_record_pmid,
        "samples": samples,
    }
    return out, events


def simulate(ordered):
    """Applies the files' events in order: a citation adds or replaces its PMID (later wins),
    a DeleteCitation PMID removes it when live."""
    live = {}
    applied = absent = replacements = cites = 0
    absent_pmids, replaced_pmids = [], []
    for rel, events in ordered:
        for kind, x in events:
            if kind == "cite":
                cites += 1
                if x.pmid in live:
                    replacements += 1
                    replaced_pmids.append(x.pmid)
                live[x.pmid] = x
            else:
                if x in live:
                    del live[x]
                    applied += 1
                else:
                    absent += 1
                    absent_pmids.append(x)
    languages = collections.Counter(l for c in live.values() for l in c.languages)
    years = collections.Counter(str(c.year) for c in live.values())
    return {
        "order": [rel for rel, _ in ordered],
        "citations_applied": cites,
        "live": len(live),
        "deletions_applied": applied,
        "deletions_absent": absent,
        "deletion_absent_pmids": capped(absent_pmids),
        "replacements": replacements,
        "replaced_pmids": capped(sorted(set(replaced_pmids), key=int)),
        "languages": dict(languages),
        "years": dict(years),
        "live_with_abstract": sum(1 for c in live.values() if c.has_abstract),
        "live_pmids": sorted((int(p) for p in live if p.isdigit())),
    }


def find_inputs(base, pattern):
    found = []
    for dirpath, _, names in os.walk(base):
        for n in names:
            if pattern.fullmatch(n):
                full = os.path.join(dirpath, n)
                found.append((os.path.relpath(full, base).replace(os.sep, "/"), full))
    return sorted(found)


# Hand-picked orders of the shared files, for update-semantics tests: the corpus order
# (sorted paths) happens to apply none of the DeleteCitation entries.
SCENARIOS = {
    "baseline18_then_medsamp2017": ["pubmedsample18n0001.xml.gz", "medsamp2017.xml"],
    "excerpt_original_then_changed": ["pubmed21n1016_excerpt_original.xml.gz",
                                      "pubmed21n1016_excerpt_partially_changed.xml.gz"],
    "nlm_samples_by_year": ["medsamp2014.xml.gz", "medsamp2017.xml",
                            "pubmedsample18n0001.xml.gz"],
}


def analyse_set(base, pattern, label, scenarios=None, verbose=True):
    files, ordered = {}, []
    for rel, full in find_inputs(base, pattern):
        figures, events = analyse_file(full, rel)
        files[rel] = figures
        ordered.append((rel, events))
        if verbose:
            print(f"{label}: {rel}: {figures['citations']} citations, "
                  f"{figures['deletions']} deletions", file=sys.stderr)
    out = {"files": files, "corpus": simulate(ordered)}
    if scenarios:
        by_rel = dict(ordered)
        out["scenarios"] = {name: simulate([(rel, by_rel[rel]) for rel in order])
                            for name, order in scenarios.items()}
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=DEFAULT_SHARED)
    ap.add_argument("--biopython-doc", default=DEFAULT_BIOPYTHON_DOC)
    ap.add_argument("--out", default=os.path.join(HERE, "shared_pubmed.json"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    for d in (args.shared, args.biopython_doc):
        if not os.path.isdir(d):
            sys.exit(f"compute_expected: {d} is missing (both input sets are needed)")

    result = {
        "about": "Expected figures for medsearch's integration tests; see README.md here. "
                 "Generated by tests/integration/expected/compute_expected.py (lxml).",
        "sets": {
            "shared": dict(base="../shared/data/pubmed",
                           **analyse_set(args.shared, re.compile(r".*\.xml(\.gz)?"), "shared",
                                       SCENARIOS, not args.check)),
            "biopython_doc": dict(base=DEFAULT_BIOPYTHON_DOC,
                                  **analyse_set(args.biopython_doc,
                                                re.compile(r"pubmed.*\.xml\.gz"),
                                                "biopython_doc", verbose=not args.check)),
        },
    }
    text = json.dumps(result, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    if args.check:
        with open(args.out, encoding="utf-8") as f:
            same = f.read() == text
        print("compute_expected: " + ("up to date" if same else f"{args.out} is stale"))
        sys.exit(0 if same else 1)
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"compute_expected: wrote {args.out} ({len(text.encode())} bytes)")


if __name__ == "__main__":
    main()
