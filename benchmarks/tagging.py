"""Benchmark: tagging Welsh text, a mutation-aware lexicon matcher against alternatives (docs/decisions/0007).

A labelled set of Welsh sentences of the kind equality plans contain (written
for this benchmark by a non-fluent author, so the Welsh awaits review; each
sentence is labelled with the protected characteristics it names or implies)
is tagged by:

- exact: the vocabularies' Welsh labels matched as written (no mutations);
- mutation-aware: eqkg's matcher (`tagging.characteristics("cy")`), which also
  matches the soft, nasal and aspirate mutations and h- before a vowel of each
  label's first word;
- spacy-cymraeg: spaCy's Welsh language class from the spacy-cymraeg package
  (tokenizer; its lookup lemmatizer needs tables that only the separately
  published techiaith model provides), with a PhraseMatcher on lower-cased
  tokens over the same labels.

Scores are micro precision and recall over (sentence, characteristic) pairs.

    .venv/bin/python benchmarks/tagging.py                          # exact and mutation-aware
    .venv/bin/python benchmarks/tagging.py --export-labels cy.json  # the Welsh labels, for the spaCy run
    /path/to/spacy-venv/bin/python benchmarks/tagging.py --spacy cy.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

ALL = {"age", "disability", "gender-reassignment", "marriage-and-civil-partnership", "pregnancy-and-maternity",
       "race", "religion-or-belief", "sex", "sexual-orientation"}

#: (Welsh sentence, characteristics it names or implies).
WELSH_SET: list[tuple[str, set[str]]] = [
    ("Byddwn yn cefnogi pobl anabl i gael gwaith.", {"disability"}),
    ("Rydym am leihau'r bwlch cyflog rhwng y rhywiau erbyn 2025.", {"sex"}),
    ("Mynd i'r afael â gwahaniaethu ar sail hil yn ein gwasanaethau.", {"race"}),
    ("Gwella mynediad at wasanaethau i bobl hŷn a phobl ifanc.", {"age"}),
    ("Cefnogi plant a phobl ifanc sydd â chyflyrau iechyd meddwl.", {"age", "disability"}),
    ("Byddwn yn gweithio gyda chymunedau ffydd ledled Cymru.", {"religion-or-belief"}),
    ("Sicrhau nad yw staff yn wynebu gwahaniaethu oherwydd eu crefydd neu gred.", {"religion-or-belief"}),
    ("Cynnig cymorth i fenywod beichiog a mamau newydd.", {"pregnancy-and-maternity"}),
    ("Hyrwyddo cydraddoldeb i bobl LHDTC+ yn y gweithle.", {"sexual-orientation", "gender-reassignment"}),
    ("Datblygu canllawiau ar gyfer staff traws ac anneuaidd.", {"gender-reassignment"}),
    ("Bydd y gwaith hwn yn digwydd ar draws y sefydliad.", set()),
    ("Mae angen rhyw fath o gynllun gweithredu arnom.", set()),
    ("I ryw raddau, mae'r data yn anghyflawn.", set()),
    ("Casglu data am ethnigrwydd, anabledd a rhyw ein gweithlu.", {"race", "disability", "sex"}),
    ("Cefnogi ffoaduriaid a cheiswyr lloches i ymgartrefu.", {"race"}),
    ("Gweithio gyda chymunedau Sipsiwn, Roma a Theithwyr.", {"race"}),
    ("Darparu gwybodaeth mewn fformatau hygyrch ac Iaith Arwyddion Prydain.", {"disability"}),
    ("Sicrhau bod ein hadeiladau'n addas i ddefnyddwyr cadair olwyn.", {"disability"}),
    ("Lleihau troseddau casineb hiliol a homoffobig.", {"race", "sexual-orientation"}),
    ("Mae'r cyngor yn parchu priodas a phartneriaeth sifil.", {"marriage-and-civil-partnership"}),
    ("Bydd staff sy'n briod neu mewn partneriaeth sifil yn cael eu trin yn deg.", {"marriage-and-civil-partnership"}),
    ("Byddwn yn cyflwyno polisi ar y menopos.", {"sex"}),
    ("Mae gan bob adran ei phriod waith.", set()),
    ("Rydym yn cydnabod anghenion pobl fyddar a phobl ddall.", {"disability"}),
    ("Bydd ein hymgyrch yn herio hiliaeth a chasineb at fenywod.", {"race", "sex"}),
    ("Cynyddu nifer y menywod mewn swyddi uwch.", {"sex"}),
    ("Annog dynion a bechgyn i siarad am eu hiechyd meddwl.", {"sex", "disability"}),
    ("Gwella profiad cleifion awtistig a'u teuluoedd.", {"disability"}),
    ("Hyfforddi staff am niwroamrywiaeth.", {"disability"}),
    ("Ystyried effaith y cynllun ar bobl o bob oedran.", {"age"}),
    ("Mae'r cynllun yn ymdrin â'r naw nodwedd warchodedig: oedran, anabledd, ailbennu rhywedd, priodas a "
     "phartneriaeth sifil, beichiogrwydd a mamolaeth, hil, crefydd neu gred, rhyw a chyfeiriadedd rhywiol.", ALL),
    ("Byddwn yn sicrhau bod ystafell weddïo ar gael yn y pencadlys.", {"religion-or-belief"}),
    ("Adolygu'r gwasanaeth trafnidiaeth gyhoeddus ar draws y rhanbarth.", set()),
    ("Bydd y Cyngor yn penodi swyddog cydraddoldeb newydd.", set()),
    ("Cefnogi gofalwyr di-dâl yn ein cymunedau.", set()),
    ("Mynd i'r afael â thlodi ac anfantais economaidd-gymdeithasol.", set()),
    ("Rhoi cyfle i'n pobl ifanc leisio'u barn.", {"age"}),
    ("Hyrwyddo'r Gymraeg a diwylliant Cymru.", set()),
    ("Lleihau nifer y plant sy'n byw mewn tlodi.", {"age"}),
    ("Gwella ymgysylltiad â'r gymuned Fwslimaidd a'r gymuned Iddewig.", {"religion-or-belief"}),
    ("Sicrhau bod ein gwasanaethau'n diwallu anghenion dynion traws.", {"gender-reassignment"}),
    ("Mae'r man cyfarfod yn hygyrch.", set()),
    ("Byddwn yn cynnal digwyddiadau yn ystod Mis Hanes Pobl Dduon.", {"race"}),
    ("Cefnogi ymgeiswyr o leiafrifoedd ethnig i wneud cais am swyddi.", {"race"}),
    ("Casglu data ar gyfeiriadedd rhywiol staff.", {"sexual-orientation"}),
]


def score(tagger: Callable[[str], set[str]]) -> dict[str, float | int]:
    """Micro precision and recall of a tagger over (sentence, characteristic) pairs, with the misses listed."""
    tp = fp = fn = 0
    start = time.perf_counter()
    for text, gold in WELSH_SET:
        found = tagger(text)
        tp += len(found & gold)
        fp += len(found - gold)
        fn += len(gold - found)
    seconds = time.perf_counter() - start
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(tp / (tp + fp), 3) if tp + fp else 1.0,
            "recall": round(tp / (tp + fn), 3) if tp + fn else 1.0,
            "ms": round(seconds * 1000, 1)}


def errors(tagger: Callable[[str], set[str]]) -> list[str]:
    """Each sentence the tagger gets wrong, with what it missed and what it added."""
    out = []
    for text, gold in WELSH_SET:
        found = tagger(text)
        if found != gold:
            out.append(f"{text}  missed={sorted(gold - found)} extra={sorted(found - gold)}")
    return out


def eqkg_taggers() -> dict[str, Callable[[str], set[str]]]:
    """The exact and the mutation-aware matchers over the vocabularies' Welsh labels."""
    from eqkg.ingest.tagging import Lexicon, characteristics

    mutation_aware = characteristics("cy")
    exact = Lexicon(mutation_aware.entries, mutation_aware.excluded, implied=mutation_aware.implied, welsh=False,
                    top=mutation_aware.top)
    return {"exact": lambda t: set(exact.bases(t)), "mutation-aware": lambda t: set(mutation_aware.bases(t))}


def export_labels(path: str) -> None:
    """The Welsh labels with the characteristic each rolls up to, for a matcher outside the project's environment."""
    from eqkg.ingest.tagging import characteristics, concept_slug

    lex = characteristics("cy")
    rows = [{"label": label, "slug": concept_slug(lex.top.get(c, c))} for label, c in lex.entries]
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(rows, fh, ensure_ascii=False, indent=0)


def spacy_tagger(labels_path: str) -> Callable[[str], set[str]]:
    """spacy-cymraeg's Welsh tokenizer with a PhraseMatcher on lower-cased tokens."""
    import spacy
    import spacy_cymraeg  # noqa: F401  (registers the "cy" language)
    from spacy.matcher import PhraseMatcher

    with open(labels_path, encoding="utf-8") as fh:
        rows = json.load(fh)
    nlp = spacy.blank("cy")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for row in rows:
        matcher.add(row["slug"], [nlp.make_doc(row["label"])])

    def tag(text: str) -> set[str]:
        doc = nlp(text)
        return {nlp.vocab.strings[match_id] for match_id, _s, _e in matcher(doc)}

    return tag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--export-labels", metavar="FILE", help="write the Welsh labels as JSON and stop")
    parser.add_argument("--spacy", metavar="LABELS_JSON", help="score spacy-cymraeg (run in a venv that has it)")
    parser.add_argument("--errors", action="store_true", help="list each sentence a matcher gets wrong")
    args = parser.parse_args(argv)
    if args.export_labels:
        export_labels(args.export_labels)
        return 0
    taggers = {"spacy-cymraeg": spacy_tagger(args.spacy)} if args.spacy else eqkg_taggers()
    print(f"{len(WELSH_SET)} sentences, {sum(len(g) for _, g in WELSH_SET)} labelled characteristics")
    print(f"{'matcher':16} {'precision':>9} {'recall':>6} {'tp':>3} {'fp':>3} {'fn':>3} {'ms':>7}")
    for name, tagger in taggers.items():
        s = score(tagger)
        print(f"{name:16} {s['precision']:>9} {s['recall']:>6} {s['tp']:>3} {s['fp']:>3} {s['fn']:>3} {s['ms']:>7}")
        if args.errors:
            for line in errors(tagger):
                print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
