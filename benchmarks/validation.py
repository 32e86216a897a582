"""Benchmark: validate a synthetic plan of 200 objectives x 5 steps with pySHACL and Apache Jena SHACL.

Both engines get the same shapes (shapes/plan.ttl) and the same data (the plan
plus ontology/ and vocab, concatenated, as one Turtle file). Reports the times
and whether both flag the same focus nodes (per severity and per named shape).

    sudo benchmarks/install_jena.sh      # Debian libapache-jena-java
    .venv/bin/python benchmarks/validation.py [--objectives 200 --steps 5]
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from eqkg.namespaces import AIM, BASIS, EQ, PC, SH, mint
from eqkg.validation import engine

JAVA_DIR = Path("/usr/share/java")
# Jena's dependencies from the Debian package (unversioned jar names), without clashing slf4j bindings.
JENA_DEPS = ["commons-cli", "commons-codec", "commons-compress", "commons-csv", "commons-io", "commons-lang3", "dexx.collection", "gson", "guava", "httpclient", "httpcore", "jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "jakarta.json-api", "protobuf", "thrift", "titanium-json-ld", "slf4j-api", "slf4j-nop"]
CHARS = ["age", "disability", "gender-reassignment", "marriage-and-civil-partnership",
         "pregnancy-and-maternity", "race", "religion-or-belief", "sex", "sexual-orientation"]
AIMS = ["eliminate-discrimination", "advance-equality-of-opportunity", "foster-good-relations"]


def synthetic_plan(objectives: int, steps: int, seed: int = 7) -> Graph:
    """A plan with deliberate gaps: gender reassignment never covered, some owners,
    measures and step timelines missing, aim (c) only on marriage-only steps."""
    rng = random.Random(seed)
    g = Graph()
    plan = URIRef(mint("plan", "synthetic"))
    g.add((plan, RDF.type, EQ.StrategicEqualityPlan))
    g.add((plan, EQ.organisation, URIRef(mint("organisation", "synthetic-council"))))
    g.add((plan, EQ.periodStart, Literal("2024-04-01", datatype=XSD.date)))
    g.add((plan, EQ.periodEnd, Literal("2028-03-31", datatype=XSD.date)))
    g.add((plan, EQ.reviewDate, Literal("2028-06-30", datatype=XSD.date)))  # > 4 years: violation
    g.add((plan, DCTERMS.issued, Literal("2024-04-01", datatype=XSD.date)))
    covered = [c for c in CHARS if c != "gender-reassignment"]
    for o in range(1, objectives + 1):
        obj = URIRef(f"{plan}/objective/{o}")
        g.add((plan, EQ.hasObjective, obj))
        g.add((obj, RDF.type, EQ.EqualityObjective))
        g.add((obj, EQ.number, Literal(o)))
        g.add((obj, EQ.text, Literal(f"Objective {o}")))
        if o % 3:
            g.add((obj, EQ.lead, URIRef(f"{obj}/lead")))
        if o % 4:
            g.add((obj, EQ.measuredBy, URIRef(f"{obj}/measure")))
        for s in range(1, steps + 1):
            step = URIRef(f"{obj}/step/{s}")
            g.add((obj, EQ.hasStep, step))
            g.add((step, RDF.type, EQ.Step))
            g.add((step, EQ.number, Literal(s)))
            g.add((step, EQ.text, Literal(f"Step {o}.{s}")))
            if (o + s) % 7:
                g.add((step, EQ.timeline, URIRef(f"{step}/timeline")))
            chars = rng.sample(covered, rng.randint(0, 4))
            for c in chars:
                claim = URIRef(f"{step}/claim/{c}")
                g.add((step, EQ.covers, PC[c]))
                g.add((step, EQ.claim, claim))
                g.add((claim, RDF.type, EQ.CoverageClaim))
                g.add((claim, EQ.claimCharacteristic, PC[c]))
                g.add((claim, EQ.basis, BASIS.stated))
            for a in rng.sample(AIMS[:2], rng.randint(0, 2)):
                g.add((step, EQ.addressesAim, AIM[a]))
            if chars == ["marriage-and-civil-partnership"]:
                g.add((step, EQ.addressesAim, AIM["foster-good-relations"]))
    return g


def jena_classpath(workdir: Path) -> str:
    """Jena's jars plus a resource fix: the Debian build looks up its relocated Xerces
    messages under xerces/ while the jar holds them under org/apache/jena/ext/xerces/."""
    fix = workdir / "xerces-resources"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and not name.endswith(("/", ".class")):
                out = fix / name[len("org/apache/jena/ext/"):]
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(jar.read(name))
    jars = [p for p in sorted(glob.glob(str(JAVA_DIR / "jena-*.jar")))
            if not Path(p).stem.split("-")[-1][:1].isdigit()]
    jars += [str(JAVA_DIR / f"{d}.jar") for d in JENA_DEPS if (JAVA_DIR / f"{d}.jar").is_file()]
    return os.pathsep.join([str(fix), *jars])


def focus_sets(report: Graph) -> tuple[Counter[str], set[tuple[str, str, str]]]:
    """Per-severity counts and (severity, focus, shape-or-path) keys of a SHACL report."""
    keys = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        focus = str(report.value(result, SH.focusNode))
        shape = report.value(result, SH.sourceShape)
        # A property shape nested in a node shape is a blank node (different labels in each
        # report): identify it by its English message instead.
        english = sorted(str(m) for m in report.objects(result, SH.resultMessage)
                         if getattr(m, "language", None) in ("en", None))
        name = str(shape) if isinstance(shape, URIRef) else "property:" + (english[0][:50] if english else "?")
        value = report.value(result, SH.value)
        keys.add((severity, focus, name + (f"|{value}" if isinstance(value, URIRef) else "")))
    return Counter(k[0] for k in keys), keys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objectives", type=int, default=200)
    parser.add_argument("--steps", type=int, default=5)
    args = parser.parse_args(argv)

    plan = synthetic_plan(args.objectives, args.steps)
    shapes_path = engine.shapes_file()
    print(f"plan: {args.objectives} objectives x {args.steps} steps, {len(plan)} triples; "
          f"shapes: {shapes_path}")
    engine.shapes_graph()
    engine.ontology_graph()
    start = time.perf_counter()
    py_run = engine.run(plan)
    py_seconds = time.perf_counter() - start
    py_counts, py_keys = focus_sets(py_run.report_graph)
    print(f"pySHACL: {py_seconds:.2f} s, {dict(py_counts)}")

    java = shutil.which("java")
    if not java or not (JAVA_DIR / "jena-shacl.jar").is_file():
        print("Apache Jena not installed: run benchmarks/install_jena.sh (as root)")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        data = work / "data.ttl"
        combined = Graph()
        for triple in plan:
            combined.add(triple)
        for triple in engine.ontology_graph():
            combined.add(triple)
        combined.serialize(data, format="nt", encoding="utf-8")
        cp = jena_classpath(work)
        cmd = [java, "-cp", cp, "shacl.shacl_validate", "--shapes", str(shapes_path), "--data", str(data)]
        start = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
        jena_seconds = time.perf_counter() - start
        if out.returncode != 0 and "ValidationReport" not in out.stdout:
            print(f"Jena failed: {out.stderr.strip()[:500]}")
            return 1
        empty = work / "empty.nt"
        empty.write_text("", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([*cmd[:-1], str(empty)], capture_output=True, text=True, check=False)
        jvm_seconds = time.perf_counter() - start
    jena_report = Graph().parse(data=out.stdout, format="turtle")
    jena_counts, jena_keys = focus_sets(jena_report)
    print(f"Jena SHACL 4.5.0: {jena_seconds:.2f} s in one run (JVM start and load on empty data: "
          f"{jvm_seconds:.2f} s), {dict(jena_counts)}")
    same_focus = {k[:2] for k in py_keys} == {k[:2] for k in jena_keys}
    print(f"same (severity, focus node) pairs: {same_focus}; same (severity, focus, shape, value) "
          f"results: {py_keys == jena_keys}")
    for label, diff in (("only pySHACL", py_keys - jena_keys), ("only Jena", jena_keys - py_keys)):
        for key in sorted(diff)[:10]:
            print(f"  {label}: {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
