#!/usr/bin/python3
"""Writes a synthetic PubMed baseline corpus for the ingest benchmark.

    /usr/bin/python3 bench/gen_synthetic_pubmed.py --records 100000 --files 20 --out DIR

Files are named like NLM's baseline (pubmedsyn26n0001.xml.gz, ...): one gzip member each,
an <?xml?> declaration, the PubmedArticleSet DOCTYPE and NLM's two-space indentation.
Every record has the elements a real one has (MedlineCitation with PMID@Version, dates,
Article/Journal/JournalIssue/PubDate, ArticleTitle, Pagination, ELocationID, Abstract with
Label/NlmCategory, AuthorList with affiliations, Language, PublicationTypeList,
MedlineJournalInfo, ChemicalList, MeshHeadingList, KeywordList; PubmedData with History,
PublicationStatus, ArticleIdList, sometimes ReferenceList).

How many of each element, and the text in them, are drawn from the real sample files
(see REAL_SOURCES): every count (title and abstract words, sections, authors, affiliations,
headings, qualifiers, chemicals, keywords, references) is a draw from the list of counts
seen in a real record, whole lists (languages, publication types, abstract layouts) are
copied from a random real record, and running text is a word stream drawn from the real
titles' and abstracts' word frequencies. Output is the same for the same seed and samples.

Prints one JSON line: records, files, uncompressed_bytes, compressed_bytes, seconds.
A manifest (corpus.json) in DIR records the same and the parameters.
"""

import argparse
import collections
import gzip
import json
import os
import random
import sys
import time
from xml.sax.saxutils import escape as sax_escape

from lxml import etree

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "data", "pubmed")
REAL_SOURCES = ["pubmedsample18n0001.xml.gz", "medsamp2017.xml", "test_current_medline.xml.gz",
                "pubmed21n1016_excerpt_original.xml.gz", "medline16n0902.xml.gz"]
BIOPYTHON_DOC = "/usr/share/doc/python-biopython-doc/Tests/Entrez"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HEADER = ('<?xml version="1.0" encoding="utf-8"?>\n'
          '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"'
          ' "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
          '<PubmedArticleSet>\n')
FOOTER = "</PubmedArticleSet>\n"
STREAM_WORDS = 1 << 21  # pre-drawn word stream; texts are slices at random offsets
WRITE_CHUNK = 4 << 20


def esc(s):
    return sax_escape(s, {'"': "&quot;"})


def text_of(el):
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


class Samples:
    """Empirical lists drawn from real records; every attribute is a list to choice() from."""

    def __init__(self):
        self.words = collections.Counter()
        for name in ("title_words", "abstracts", "other_abstracts", "vernacular_words",
                     "author_lists", "names", "collectives", "affiliations", "languages",
                     "pub_types", "journals", "pub_dates", "issues", "completed", "status",
                     "pub_models", "mesh_counts", "mesh", "chem_counts", "chemicals",
                     "kw_counts", "keywords", "eloc_doi", "history", "pub_status",
                     "article_doi", "pmc", "ref_counts", "references", "subsets",
                     "copyright"):
            setattr(self, name, [])

    def add_file(self, path):
        with open(path, "rb") as f:
            data = f.read()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                                 huge_tree=True)
        root = etree.fromstring(data, parser)
        recs = [root] if root.tag == "MedlineCitation" else list(root)
        for rec in recs:
            if rec.tag == "PubmedArticle":
                self.add_record(rec.find("MedlineCitation"), rec.find("PubmedData"))
            elif rec.tag == "MedlineCitation":
                self.add_record(rec, None)

    def add_words(self, text):
        self.words.update(text.split())

    def add_record(self, mc, pd):
        art = mc.find("Article")
        if art is None:
            return
        title = text_of(art.find("ArticleTitle"))
        if title:
            self.title_words.append(len(title.split()))
            self.add_words(title)
        vern = text_of(art.find("VernacularTitle"))
        self.vernacular_words.append(len(vern.split()))
        sections = []
        for s in art.findall("Abstract/AbstractText"):
            t = text_of(s)
            self.add_words(t)
            sections.append((s.get("Label"), s.get("NlmCategory"), max(1, len(t.split()))))
        self.abstracts.append(sections)
        self.copyright.append(text_of(art.find("Abstract/CopyrightInformation")))
        others = []
        for o in mc.findall("OtherAbstract"):
            n = sum(len(text_of(s).split()) for s in o.findall("AbstractText"))
            others.append((o.get("Type") or "Publisher", o.get("Language") or "eng", max(1, n)))
        self.other_abstracts.append(others)

        shape = []
        for a in art.findall("AuthorList/Author"):
            affs = [text_of(x) for x in a.findall("AffiliationInfo/Affiliation")]
            if not affs and a.find("Affiliation") is not None:  # older DTDs
                affs = [text_of(a.find("Affiliation"))]
            self.affiliations.extend(x for x in affs if x)
            coll = text_of(a.find("CollectiveName"))
            if coll:
                self.collectives.append(coll)
                shape.append(("c", len(affs)))
            else:
                self.names.append((text_of(a.find("LastName")), text_of(a.find("ForeName")),
                                   text_of(a.find("Initials"))))
                shape.append(("p", len(affs)))
        self.author_lists.append(shape)

        self.languages.append([text_of(x) for x in art.findall("Language")] or ["eng"])
        self.pub_types.append([(x.get("UI") or "D016428", text_of(x))
                               for x in art.findall("PublicationTypeList/PublicationType")]
                              or [("D016428", "Journal Article")])
        j = art.find("Journal")
        issn = j.find("ISSN")
        mji = mc.find("MedlineJournalInfo")
        ji = j.find("JournalIssue")
        self.journals.append((
            text_of(issn), issn.get("IssnType") if issn is not None else "Print",
            ji.get("CitedMedium") or "Print",
            text_of(j.find("Title")), text_of(j.find("ISOAbbreviation")),
            text_of(mji.find("Country")) if mji is not None else "",
            text_of(mji.find("MedlineTA")) if mji is not None else "",
            text_of(mji.find("NlmUniqueID")) if mji is not None else "",
            text_of(mji.find("ISSNLinking")) if mji is not None else ""))
        pdate = ji.find("PubDate")
        md = pdate.find("MedlineDate")
        if md is not None:
            self.pub_dates.append(("md", text_of(md)))
        else:
            self.pub_dates.append(("ymd", text_of(pdate.find("Year")),
                                   text_of(pdate.find("Month")), text_of(pdate.find("Day"))))
        self.issues.append((text_of(ji.find("Volume")), text_of(ji.find("Issue")),
                            text_of(art.find("Pagination/MedlinePgn"))))
        self.completed.append(mc.find("DateCompleted") is not None)
        self.status.append((mc.get("Status") or "MEDLINE", mc.get("Owner") or "NLM"))
        self.pub_models.append(art.get("PubModel") or "Print")
        self.subsets.append([text_of(x) for x in mc.findall("CitationSubset")])

        heads = mc.findall("MeshHeadingList/MeshHeading")
        self.mesh_counts.append(len(heads))
        for h in heads:
            d = h.find("DescriptorName")
            quals = tuple((q.get("UI") or "", text_of(q), q.get("MajorTopicYN") or "N")
                          for q in h.findall("QualifierName"))
            self.mesh.append((d.get("UI") or "", text_of(d), d.get("MajorTopicYN") or "N",
                              quals))
        chems = mc.findall("ChemicalList/Chemical")
        self.chem_counts.append(len(chems))
        for c in chems:
            n = c.find("NameOfSubstance")
            self.chemicals.append((text_of(c.find("RegistryNumber")) or "0",
                                   n.get("UI") or "", text_of(n)))
        kws = mc.findall("KeywordList/Keyword")
        self.kw_counts.append(len(kws))
        self.keywords.extend(text_of(k) for k in kws if text_of(k))
        self.eloc_doi.append(any(e.get("EIdType") == "doi" for e in art.findall("ELocationID")))

        if pd is None:  # MEDLINE-format records have no PubmedData
            return
        self.history.append([x.get("PubStatus") for x in pd.findall("History/PubMedPubDate")])
        self.pub_status.append(text_of(pd.find("PublicationStatus")) or "ppublish")
        ids = {x.get("IdType") for x in pd.findall("ArticleIdList/ArticleId")}
        self.article_doi.append("doi" in ids)
        self.pmc.append("pmc" in ids)
        refs = pd.findall("ReferenceList/Reference")
        self.ref_counts.append(len(refs))
        self.references.extend(text_of(r.find("Citation")) for r in refs
                               if text_of(r.find("Citation")))


def load_samples():
    paths = [os.path.join(SHARED, n) for n in REAL_SOURCES]
    if not all(os.path.exists(p) for p in paths):
        if os.path.isdir(BIOPYTHON_DOC):
            paths = sorted(os.path.join(BIOPYTHON_DOC, n) for n in os.listdir(BIOPYTHON_DOC)
                           if n.startswith("pubmed") and n.endswith(".xml.gz"))
            print(f"gen_synthetic_pubmed: {SHARED} incomplete; using {BIOPYTHON_DOC}",
                  file=sys.stderr)
        else:
            sys.exit(f"gen_synthetic_pubmed: no real samples: {SHARED} is absent and "
                     f"{BIOPYTHON_DOC} too (install python-biopython-doc)")
    s = Samples()
    for p in paths:
        s.add_file(p)
    # Guards so that tiny fallback samples still give something to draw from.
    s.affiliations = s.affiliations or ["Department of Medicine, University Hospital."]
    s.collectives = s.collectives or ["Study Group"]
    s.keywords = s.keywords or ["biomarkers"]
    s.chemicals = s.chemicals or [("0", "D000000", "Substance")]
    s.mesh = s.mesh or [("D006801", "Humans", "N", ())]
    s.references = s.references or ["J Med. 2000;1:1-2"]
    for name in ("history", "pub_status", "article_doi", "pmc", "ref_counts"):
        if not getattr(s, name):
            getattr(s, name).append({"history": ["pubmed"], "pub_status": "ppublish",
                                     "article_doi": False, "pmc": False,
                                     "ref_counts": 0}[name])
    return s, paths


class Renderer:
    """Pre-escapes every pool once; render(pmid) joins pre-rendered pieces."""

    def __init__(self, s, rng):
        self.s, self.rng = s, rng
        words = list(s.words)
        cum, total = [], 0
        for w in words:
            total += s.words[w]
            cum.append(total)
        escaped = [esc(w) for w in words]
        self.stream = rng.choices(escaped, cum_weights=cum, k=STREAM_WORDS)
        self.names = [(esc(a), esc(b), esc(c)) for a, b, c in s.names] or [("Smith", "J", "J")]
        self.collectives = [esc(x) for x in s.collectives]
        self.affiliations = [esc(x) for x in s.affiliations]
        self.keywords = [f'        <Keyword MajorTopicYN="N">{esc(k)}</Keyword>\n'
                         for k in s.keywords]
        self.chemicals = [
            f"        <Chemical>\n          <RegistryNumber>{esc(r)}</RegistryNumber>\n"
            f'          <NameOfSubstance UI="{esc(u)}">{esc(n)}</NameOfSubstance>\n'
            f"        </Chemical>\n" for r, u, n in s.chemicals]
        self.mesh = []
        for ui, name, major, quals in s.mesh:
            q = "".join(f'          <QualifierName UI="{esc(qu)}" MajorTopicYN="{qm}">'
                        f"{esc(qn)}</QualifierName>\n" for qu, qn, qm in quals)
            self.mesh.append(f"        <MeshHeading>\n"
                             f'          <DescriptorName UI="{esc(ui)}" MajorTopicYN="{major}">'
                             f"{esc(name)}</DescriptorName>\n{q}        </MeshHeading>\n")
        self.pub_types = [
            "        <PublicationTypeList>\n" + "".join(
                f'          <PublicationType UI="{esc(u)}">{esc(t)}</PublicationType>\n'
                for u, t in lst) + "        </PublicationTypeList>\n"
            for lst in s.pub_types]
        self.languages = ["".join(f"        <Language>{esc(l)}</Language>\n" for l in lst)
                          for lst in s.languages]
        self.references = [f"          <Reference>\n            <Citation>{esc(c)}</Citation>\n"
                           for c in s.references]
        self.journals = []
        for issn, itype, medium, title, iso, country, ta, nlmid, linking in s.journals:
            head = (f'        <Journal>\n          <ISSN IssnType="{esc(itype or "Print")}">'
                    f"{esc(issn)}</ISSN>\n" if issn else "        <Journal>\n")
            head += f'          <JournalIssue CitedMedium="{esc(medium)}">\n'
            tail = (f"          </JournalIssue>\n          <Title>{esc(title)}</Title>\n"
                    f"          <ISOAbbreviation>{esc(iso)}</ISOAbbreviation>\n"
                    f"        </Journal>\n")
            info = (f"      <MedlineJournalInfo>\n        <Country>{esc(country)}</Country>\n"
                    f"        <MedlineTA>{esc(ta or iso)}</MedlineTA>\n"
                    f"        <NlmUniqueID>{esc(nlmid)}</NlmUniqueID>\n"
                    + (f"        <ISSNLinking>{esc(linking)}</ISSNLinking>\n" if linking else "")
                    + "      </MedlineJournalInfo>\n")
            self.journals.append((head, tail, info))
        self.copyright = [esc(c) for c in s.copyright]

    def words(self, n):
        o = self.rng.randrange(0, len(self.stream) - n - 1)
        return " ".join(self.stream[o:o + n])

    def sentence(self, n):
        t = self.words(n)
        return t if t[-1:] in ".?!" else t + "."

    def render(self, pmid):
        rng, s, ch = self.rng, self.s, self.rng.choice
        out = []
        w = out.append
        status, owner = ch(s.status)
        date_kind = ch(s.pub_dates)
        if date_kind[0] == "md":
            year = int(date_kind[1][:4]) if date_kind[1][:4].isdigit() else 2000
            pub_date = f"              <MedlineDate>{esc(date_kind[1])}</MedlineDate>\n"
        else:
            _, y, m, d = date_kind
            year = int(y) if y.isdigit() else 2000
            pub_date = f"              <Year>{year}</Year>\n"
            if m:
                pub_date += f"              <Month>{esc(m)}</Month>\n"
                if d:
                    pub_date += f"              <Day>{esc(d)}</Day>\n"
        mo, da = rng.randint(1, 12), rng.randint(1, 28)
        w(f'  <PubmedArticle>\n    <MedlineCitation Status="{esc(status)}" Owner="{esc(owner)}">\n'
          f'      <PMID Version="1">{pmid}</PMID>\n')
        if ch(s.completed):
            w(f"      <DateCompleted>\n        <Year>{year + 1}</Year>\n"
              f"        <Month>{mo:02d}</Month>\n        <Day>{da:02d}</Day>\n"
              f"      </DateCompleted>\n")
        w(f"      <DateRevised>\n        <Year>{year + 2}</Year>\n"
          f"        <Month>{mo:02d}</Month>\n        <Day>{da:02d}</Day>\n      </DateRevised>\n")
        head, tail, info = ch(self.journals)
        vol, issue, pgn = ch(s.issues)
        w(f'      <Article PubModel="{esc(ch(s.pub_models))}">\n{head}')
        if vol:
            w(f"            <Volume>{esc(vol)}</Volume>\n")
        if issue:
            w(f"            <Issue>{esc(issue)}</Issue>\n")
        w(f"            <PubDate>\n{pub_date}            </PubDate>\n{tail}")
        w(f"        <ArticleTitle>{self.sentence(ch(s.title_words))}</ArticleTitle>\n")
        if pgn:
            w(f"        <Pagination>\n          <MedlinePgn>{esc(pgn)}</MedlinePgn>\n"
              f"        </Pagination>\n")
        doi = f"10.{1000 + pmid % 9000}/syn.{pmid}"
        if ch(s.eloc_doi):
            w(f'        <ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>\n')
        sections = ch(s.abstracts)
        if sections:
            w("        <Abstract>\n")
            for label, cat, n in sections:
                attrs = (f' Label="{esc(label)}"' if label else "") + \
                        (f' NlmCategory="{esc(cat)}"' if cat else "")
                w(f"          <AbstractText{attrs}>{self.sentence(n)}</AbstractText>\n")
            c = ch(self.copyright)
            if c:
                w(f"          <CopyrightInformation>{c}</CopyrightInformation>\n")
            w("        </Abstract>\n")
        authors = ch(s.author_lists)
        if authors:
            w('        <AuthorList CompleteYN="Y">\n')
            for kind, n_aff in authors:
                if kind == "c":
                    w(f'          <Author ValidYN="Y">\n'
                      f"            <CollectiveName>{ch(self.collectives)}</CollectiveName>\n")
                else:
                    last, fore, ini = ch(self.names)
                    w(f'          <Author ValidYN="Y">\n            <LastName>{last}</LastName>\n')
                    if fore:
                        w(f"            <ForeName>{fore}</ForeName>\n")
                    if ini:
                        w(f"            <Initials>{ini}</Initials>\n")
                for _ in range(n_aff):
                    w(f"            <AffiliationInfo>\n              <Affiliation>"
                      f"{ch(self.affiliations)}</Affiliation>\n            </AffiliationInfo>\n")
                w("          </Author>\n")
            w("        </AuthorList>\n")
        w(ch(self.languages))
        w(ch(self.pub_types))
        n = ch(s.vernacular_words)
        if n:
            w(f"        <VernacularTitle>{self.sentence(n)}</VernacularTitle>\n")
        w(f"      </Article>\n{info}")
        n = ch(s.chem_counts)
        if n:
            w("      <ChemicalList>\n")
            w("".join(rng.choices(self.chemicals, k=n)))
            w("      </ChemicalList>\n")
        for sub in ch(s.subsets):
            w(f"      <CitationSubset>{esc(sub)}</CitationSubset>\n")
        n = ch(s.mesh_counts)
        if n:
            w("      <MeshHeadingList>\n")
            w("".join(rng.choices(self.mesh, k=n)))
            w("      </MeshHeadingList>\n")
        for otype, olang, n in ch(s.other_abstracts):
            w(f'      <OtherAbstract Type="{esc(otype)}" Language="{esc(olang)}">\n'
              f"        <AbstractText>{self.sentence(n)}</AbstractText>\n      </OtherAbstract>\n")
        n = ch(s.kw_counts)
        if n:
            w('      <KeywordList Owner="NOTNLM">\n')
            w("".join(rng.choices(self.keywords, k=n)))
            w("      </KeywordList>\n")
        w("    </MedlineCitation>\n    <PubmedData>\n      <History>\n")
        for st in ch(s.history):
            w(f'        <PubMedPubDate PubStatus="{esc(st or "pubmed")}">\n'
              f"          <Year>{year}</Year>\n          <Month>{mo}</Month>\n"
              f"          <Day>{da}</Day>\n        </PubMedPubDate>\n")
        w(f"      </History>\n      <PublicationStatus>{esc(ch(s.pub_status))}</PublicationStatus>\n"
          f'      <ArticleIdList>\n        <ArticleId IdType="pubmed">{pmid}</ArticleId>\n')
        if ch(s.article_doi):
            w(f'        <ArticleId IdType="doi">{doi}</ArticleId>\n')
        if ch(s.pmc):
            w(f'        <ArticleId IdType="pmc">PMC{pmid + 1000000}</ArticleId>\n')
        w("      </ArticleIdList>\n")
        n = ch(s.ref_counts)
        if n:
            w("      <ReferenceList>\n")
            for r in rng.choices(self.references, k=n):
                w(f'{r}            <ArticleIdList>\n              <ArticleId IdType="pubmed">'
                  f"{rng.randint(1, pmid)}</ArticleId>\n            </ArticleIdList>\n"
                  f"          </Reference>\n")
            w("      </ReferenceList>\n")
        w("    </PubmedData>\n  </PubmedArticle>\n")
        return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=100000)
    ap.add_argument("--files", type=int, default=20)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20260101)
    ap.add_argument("--first-pmid", type=int, default=40000001)
    ap.add_argument("--level", type=int, default=6, help="gzip level (NLM's files: 6)")
    args = ap.parse_args()
    if args.records < 1 or args.files < 1:
        sys.exit("gen_synthetic_pubmed: --records and --files must be positive")

    t0 = time.perf_counter()
    samples, sources = load_samples()
    rng = random.Random(args.seed)
    r = Renderer(samples, rng)
    os.makedirs(args.out, exist_ok=True)
    raw_total = gz_total = 0
    pmid = args.first_pmid
    names = []
    per_file = [args.records // args.files + (1 if i < args.records % args.files else 0)
                for i in range(args.files)]
    for i, count in enumerate(per_file):
        name = f"pubmedsyn26n{i + 1:04d}.xml.gz"
        names.append(name)
        path = os.path.join(args.out, name)
        with open(path + ".tmp", "wb") as raw:
            # One member, no name and mtime 0 in the header: the bytes depend on the seed only.
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                               compresslevel=args.level, mtime=0) as gz:
                buf, size = [HEADER], len(HEADER)
                for _ in range(count):
                    rec = r.render(pmid)
                    pmid += 1
                    buf.append(rec)
                    size += len(rec)
                    if size >= WRITE_CHUNK:
                        b = "".join(buf).encode("utf-8")
                        gz.write(b)
                        raw_total += len(b)
                        buf, size = [], 0
                buf.append(FOOTER)
                b = "".join(buf).encode("utf-8")
                gz.write(b)
                raw_total += len(b)
        os.replace(path + ".tmp", path)
        gz_total += os.path.getsize(path)
    seconds = time.perf_counter() - t0
    result = {"records": args.records, "files": args.files, "uncompressed_bytes": raw_total,
              "compressed_bytes": gz_total, "seconds": round(seconds, 2)}
    manifest = dict(result, seed=args.seed, first_pmid=args.first_pmid, level=args.level,
                    file_names=names, generator="bench/gen_synthetic_pubmed.py",
                    real_sources=[os.path.basename(p) for p in sources])
    with open(os.path.join(args.out, "corpus.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
    print(json.dumps(result))
    print(f"gen_synthetic_pubmed: {args.records} records in {args.files} files, "
          f"{raw_total / 1e6:.1f} MB XML, {gz_total / 1e6:.1f} MB gzip, {seconds:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
