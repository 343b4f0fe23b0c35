#!/usr/bin/python3
"""The parsing peer of the ingest benchmark: lxml iterparse over PubMed/MEDLINE XML files
(plain or gzip), extracting into one dict per citation the fields medsearch's reader puts
in medsearch::Article (src/medsearch/core/article.hpp). One process, one core.

    /usr/bin/python3 bench/lxml_parse.py [--dump OUT.jsonl] FILES...

Prints one JSON line: citations, deletions, seconds, citations_per_s, uncompressed_bytes,
uncompressed_mb_per_s (MB = 10^6 bytes of XML), processes.

.gz files are read through Python's gzip module (zlib): lxml's iterparse reads a path with
Python's open(), so libxml2's own gzip support is not used.
--dump writes the extracted dicts as JSON lines (for cross-checking readers; slows the run).
"""

import argparse
import gzip
import json
import os
import re
import struct
import sys
import time

from lxml import etree

YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")
WORD = re.compile(r"[A-Za-z]+")
MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
RECORD_TAGS = ("PubmedArticle", "MedlineCitation", "DeleteCitation", "PubmedBookArticle")


def flat(el):
    """Descendant text, whitespace runs collapsed, trimmed ("" for a missing element)."""
    if el is None:
        return ""
    return " ".join("".join(el.itertext()).split())


def text(el):
    return el.text.strip() if el is not None and el.text else ""


def month_number(s):
    if s.isdigit():
        n = int(s)
        return n if 1 <= n <= 12 else 0
    return MONTHS.get(s[:3].lower(), 0)


def ymd(el):
    if el is None:
        return ""
    parts = [text(el.find("Year")), text(el.find("Month")), text(el.find("Day"))]
    return "-".join(p for p in parts if p)


def sections(abstract):
    return [{"label": s.get("Label", ""), "nlm_category": s.get("NlmCategory", ""),
             "text": flat(s)} for s in abstract.iterfind("AbstractText")] \
        if abstract is not None else []


def citation(mc, pd):
    pmid = mc.find("PMID")
    art = mc.find("Article")
    a = {"id": text(pmid), "version": int(pmid.get("Version", "1") or 1)}
    if art is None:
        return a
    a["title"] = flat(art.find("ArticleTitle"))
    a["vernacular_title"] = flat(art.find("VernacularTitle"))
    a["abstract"] = sections(art.find("Abstract"))
    a["other_abstracts"] = [{"type": o.get("Type", ""), "language": o.get("Language", ""),
                             "sections": sections(o)} for o in mc.iterfind("OtherAbstract")]
    authors = []
    for au in art.iterfind("AuthorList/Author"):
        affs = [flat(x) for x in au.iterfind("AffiliationInfo/Affiliation")]
        if not affs:
            affs = [flat(x) for x in au.iterfind("Affiliation")]
        authors.append({"last_name": text(au.find("LastName")),
                        "fore_name": text(au.find("ForeName")),
                        "initials": text(au.find("Initials")),
                        "collective_name": flat(au.find("CollectiveName")),
                        "affiliations": affs})
    a["authors"] = authors
    j = art.find("Journal")
    ji = j.find("JournalIssue") if j is not None else None
    pages = text(art.find("Pagination/MedlinePgn"))
    if not pages:
        sp, ep = text(art.find("Pagination/StartPage")), text(art.find("Pagination/EndPage"))
        pages = f"{sp}-{ep}" if sp and ep else sp
    a["journal"] = {"title": flat(j.find("Title")) if j is not None else "",
                    "iso_abbreviation": text(j.find("ISOAbbreviation")) if j is not None else "",
                    "issn": text(j.find("ISSN")) if j is not None else "",
                    "volume": text(ji.find("Volume")) if ji is not None else "",
                    "issue": text(ji.find("Issue")) if ji is not None else "",
                    "pages": pages}
    year = month = 0
    date_text = ""
    pdate = ji.find("PubDate") if ji is not None else None
    if pdate is not None:
        md = pdate.find("MedlineDate")
        if md is not None:
            date_text = text(md)
            m = YEAR.search(date_text)
            if m:
                year = int(m.group(0))
                for w in WORD.findall(date_text[m.end():]):
                    month = MONTHS.get(w[:3].lower(), 0) if len(w) >= 3 else 0
                    if month:
                        break
        else:
            y, mo = text(pdate.find("Year")), text(pdate.find("Month"))
            year = int(y) if y.isdigit() else 0
            month = month_number(mo) if mo else 0
            date_text = " ".join(p for p in (y, mo, text(pdate.find("Day")) or
                                             text(pdate.find("Season"))) if p)
    a["pub_year"], a["pub_month"], a["pub_date"] = year, month, date_text
    a["languages"] = [text(x) for x in art.iterfind("Language")]
    a["publication_types"] = [text(x) for x in
                              art.iterfind("PublicationTypeList/PublicationType")]
    mesh = []
    for h in mc.iterfind("MeshHeadingList/MeshHeading"):
        d = h.find("DescriptorName")
        mesh.append({"descriptor_ui": d.get("UI", ""), "descriptor_name": flat(d),
                     "major_topic": d.get("MajorTopicYN") == "Y",
                     "qualifiers": [{"ui": q.get("UI", ""), "name": flat(q),
                                     "major_topic": q.get("MajorTopicYN") == "Y"}
                                    for q in h.iterfind("QualifierName")]})
    a["mesh_headings"] = mesh
    chems = []
    for c in mc.iterfind("ChemicalList/Chemical"):
        n = c.find("NameOfSubstance")
        chems.append({"registry_number": text(c.find("RegistryNumber")),
                      "ui": n.get("UI", "") if n is not None else "", "name": flat(n)})
    a["chemicals"] = chems
    a["keywords"] = [flat(k) for k in mc.iterfind("KeywordList/Keyword")]
    doi = pmc = ""
    if pd is not None:
        for e in pd.iterfind("ArticleIdList/ArticleId"):
            t = e.get("IdType")
            if t == "doi" and not doi:
                doi = text(e)
            elif t == "pmc" and not pmc:
                pmc = text(e)
    if not doi:
        for e in art.iterfind("ELocationID"):
            if e.get("EIdType") == "doi":
                doi = text(e)
                break
    a["doi"], a["pmc"] = doi, pmc
    a["date_completed"] = ymd(mc.find("DateCompleted"))
    a["date_revised"] = ymd(mc.find("DateRevised"))
    return a


def uncompressed_size(path):
    """Plain files: their size. Gzip: the ISIZE trailer (exact for one member under 4 GiB,
    as NLM's files and the synthetic ones are)."""
    with open(path, "rb") as f:
        if f.read(2) != b"\x1f\x8b":
            return os.path.getsize(path)
        f.seek(-4, os.SEEK_END)
        return struct.unpack("<I", f.read(4))[0]


def parse_file(path, sink):
    with open(path, "rb") as f:
        is_gz = f.read(2) == b"\x1f\x8b"
    source = gzip.open(path, "rb") if is_gz else open(path, "rb")
    citations = deletions = 0
    for _, el in etree.iterparse(source, events=("end",), tag=RECORD_TAGS,
                                 resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=True):
        tag = el.tag
        if tag == "MedlineCitation":
            parent = el.getparent()
            if parent is not None and parent.tag == "PubmedArticle":
                continue  # handled with its PubmedArticle
            rec = citation(el, None)
        elif tag == "PubmedArticle":
            rec = citation(el.find("MedlineCitation"), el.find("PubmedData"))
        elif tag == "DeleteCitation":
            deletions += sum(1 for _ in el.iterfind("PMID"))
            rec = None
        else:
            rec = None  # PubmedBookArticle: not a citation here
        if rec is not None:
            citations += 1
            if sink is not None:
                sink.write(json.dumps(rec, ensure_ascii=False) + "\n")
        el.clear()
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]
    source.close()
    return citations, deletions


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+")
    ap.add_argument("--dump")
    args = ap.parse_args()
    total_bytes = sum(uncompressed_size(p) for p in args.files)
    sink = open(args.dump, "w", encoding="utf-8") if args.dump else None
    citations = deletions = 0
    t0 = time.perf_counter()
    for p in args.files:
        c, d = parse_file(p, sink)
        citations += c
        deletions += d
    seconds = time.perf_counter() - t0
    if sink:
        sink.close()
    print(json.dumps({
        "tool": "lxml", "lxml_version": etree.__version__,
        "citations": citations, "deletions": deletions, "seconds": round(seconds, 4),
        "citations_per_s": round(citations / seconds, 1),
        "uncompressed_bytes": total_bytes,
        "uncompressed_mb_per_s": round(total_bytes / 1e6 / seconds, 2),
        "processes": 1, "threads": 1}))


if __name__ == "__main__":
    sys.exit(main())
