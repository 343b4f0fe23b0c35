// Writes wordpiece_hf_cases.jsonl: test strings with the ids Hugging Face's Rust
// tokenizer (the `tokenizers` npm package, the official Node binding, 0.23.2) gives for
// them with the bert-base-uncased vocabulary, configured as BertTokenizerFast
// (BertNormalizer, BertPreTokenizer, WordPiece, special tokens not normalised), once
// lower-casing ("uncased") and once not ("cased"). Run from this folder:
//   npm install --prefix /tmp/hf tokenizers@0.23.2
//   NODE_PATH=/tmp/hf/node_modules node make_wordpiece_hf_cases.js <shared>/models/bert-base-uncased-vocab/vocab.txt
// The strings are hand-written biomedical sentences, edge cases, and pseudo-random
// mixes of ASCII, controls, Latin, combining marks, Greek, Cyrillic, Indic, Hangul,
// kana, CJK (incl. compatibility ideographs), symbols, emoji and special tokens.
const fs = require('fs');
const { Tokenizer } = require('tokenizers');

const vocabLines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
if (vocabLines[vocabLines.length - 1] === '') vocabLines.pop();
const vocab = {};
vocabLines.forEach((token, id) => { vocab[token] = id; });
const special = (t) => ({ id: vocab[t], content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
const tokenizer = (lowercase) => Tokenizer.fromString(JSON.stringify({
  version: '1.0', truncation: null, padding: null,
  added_tokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'].map(special),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
  pre_tokenizer: { type: 'BertPreTokenizer' }, post_processor: null, decoder: null,
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
}));

const texts = [
  'Aspirin (acetylsalicylic acid) reduced IL-6 levels by 42% (p<0.001) in 1,024 patients.',
  'BRCA1/BRCA2 mutation carriers had a 5.3-fold higher risk of ovarian cancer [95% CI: 2.1–13.4].',
  'The SARS-CoV-2 spike protein binds ACE2; neutralizing antibodies (nAbs) were measured at day 28.',
  'Efficacy of β-blockers and α2-agonists in post-MI patients: a meta-analysis of RCTs ≥12 months.',
  'Méthodes: étude rétrospective chez 312 enfants âgés de 6–14 ans. Ergebnisse: Überleben 87 %.',
  'Intrathecal administration of 10 µg/kg of morphine — no respiratory depression was observed.',
  'Hsa-miR-21-5p was upregulated (log2FC = 3.2) in HER2+ tumours vs. triple-negative controls.',
  '目的：探讨糖尿病患者的血糖控制情况。方法：回顾性分析2019年至2021年的病例。',
  'Влияние статинов на сердечно-сосудистую смертность: систематический обзор.',
  '당뇨병 환자에서 메트포르민의 효과',
  'インフルエンザワクチンの有効性',
  'Ki-67 index (MIB-1) > 20% predicted relapse; HR 2.45, 95%CI 1.3-4.6.',
  'naïve CD4+ T cells, Sjögren’s syndrome, Crohn’s disease, Ménière’s disease',
  'ΟΔΟΣ ΣΟΦΙΑ İstanbul ß ﬁ ẞ Ǆ ǅ ǆ ꭰ',
  '[CLS] hello [SEP] [MASK][MASK] [UNK] [PAD] [sep] [CLS [MASK ]',
  '',
  '\u00a0\u2000\u2028\u2029\u3000\u0085\u000b\u000c\u200b\u200d\ufeff\ufffd',
  'x'.repeat(100) + ' ' + 'x'.repeat(101) + ' ' + 'é'.repeat(100) + ' ' + 'é'.repeat(101),
];
const pools = [
  [0x20, 0x7e], [0x20, 0x7e], [0x00, 0x1f], [0x7f, 0xff], [0x100, 0x24f], [0x300, 0x36f], [0x370, 0x3ff],
  [0x400, 0x4ff], [0x590, 0x6ff], [0x900, 0x97f], [0xe00, 0xe7f], [0x1100, 0x11ff], [0x1e00, 0x1eff],
  [0x2000, 0x206f], [0x2070, 0x22ff], [0x3000, 0x30ff], [0x3400, 0x3420], [0x4e00, 0x4e80], [0xac00, 0xac80],
  [0xf900, 0xfaff], [0xfe00, 0xfe0f], [0xfe30, 0xfe4f], [0xff00, 0xffef], [0x1d160, 0x1d17f],
  [0x1f300, 0x1f64f], [0x20000, 0x20010], [0x2f800, 0x2f810], [0xe000, 0xe010], [0xfff0, 0xfffd],
];
const words = ['hello', 'world', '[SEP]', '[CLS]', '[MASK]', '[sep]', '[', 'ΟΔΟΣ', 'İstanbul', 'naïve', 'café', ' ', '\n', '\t'];
let seed = 20240611;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % k; };
for (let i = 0; i < 250; ++i) {
  let s = '';
  const length = 1 + rnd(16);
  for (let j = 0; j < length; ++j) {
    if (rnd(6) === 0) { s += words[rnd(words.length)]; continue; }
    const pool = pools[rnd(pools.length)];
    s += String.fromCodePoint(pool[0] + rnd(pool[1] - pool[0] + 1));
    if (rnd(3) === 0) s += ' ';
  }
  texts.push(s);
}

(async () => {
  const uncased = tokenizer(true);
  const cased = tokenizer(false);
  const lines = [];
  for (const text of texts) {
    const options = { addSpecialTokens: false };
    const u = (await uncased.encode(text, null, options)).getIds();
    const c = (await cased.encode(text, null, options)).getIds();
    lines.push(JSON.stringify({ text, uncased: u, cased: c }));
  }
  fs.writeFileSync('wordpiece_hf_cases.jsonl', lines.join('\n') + '\n');
  console.log(`${lines.length} cases`);
})();
