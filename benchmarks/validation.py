"""Benchmark: validate synthetic plans of 100 to 3,200 objectives with eqkg and Apache Jena SHACL.

Both engines get the same shapes (shapes/plan.ttl) and the same plan; Jena gets
the plan and the ontology and vocabularies concatenated in one file, eqkg mixes
them in itself. Each size is timed `--repeat` times and the medians printed:
eqkg in-process (graph in, findings out), eqkg's whole command (`eqkg validate
plan.ttl -f ttl`: Python start-up, imports, the worker, the Turtle report) and
Jena's whole command (`shacl_validate`: JVM start-up, loading, validation, the
report). Also checks that both engines report the same results.

    sudo benchmarks/install_jena.sh      # Debian libapache-jena-java and a JRE
    .venv/bin/python benchmarks/validation.py [--sizes 100 200 400 800 1600 3200 --repeat 3]
"""

from __future__ import annotations

import argparse
import glob
import os
import random
import shutil
import statistics
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


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    # The benchmark's plans go past the service's default cap and time limit on purpose.
    env = {**os.environ, "EQKG_VALIDATE_MAX_ITEMS": "100000", "EQKG_VALIDATE_TIMEOUT": "3600"}
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    return time.perf_counter() - start, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200, 400, 800, 1600, 3200],
                        help="plan sizes in objectives (one step each)")
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    java = shutil.which("java")
    has_jena = bool(java) and (JAVA_DIR / "jena-shacl.jar").is_file()
    if not has_jena:
        print("Apache Jena not installed (run benchmarks/install_jena.sh as root): eqkg only")
    shapes_path = engine.shapes_file()
    engine.split_shapes()
    engine.ontology_graph()
    eqkg_cli = [sys.executable, "-m", "eqkg.cli", "validate", "--format", "ttl"]
    print("| objectives | triples | eqkg in-process | eqkg command | Jena SHACL command | "
          "results (V / W / I) | same results |")
    print("|---:|---:|---:|---:|---:|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cp = jena_classpath(work) if has_jena else ""
        for size in args.sizes:
            plan = synthetic_plan(size, args.steps)
            plan_file = work / f"plan-{size}.ttl"
            plan.serialize(plan_file, format="turtle", encoding="utf-8")
            combined = Graph()
            for triple in plan:
                combined.add(triple)
            for triple in engine.ontology_graph():
                combined.add(triple)
            data = work / f"data-{size}.nt"
            combined.serialize(data, format="nt", encoding="utf-8")
            inproc, command, jena = [], [], []
            py_run = jena_out = None
            for _ in range(args.repeat):
                start = time.perf_counter()
                py_run = engine.run(plan)
                inproc.append(time.perf_counter() - start)
                seconds, done = timed([*eqkg_cli, str(plan_file)])
                if done.returncode not in (0, 1):
                    print(f"eqkg validate failed: {done.stderr.strip()[:500]}")
                    return 1
                command.append(seconds)
                if has_jena:
                    seconds, jena_out = timed([java or "java", "-cp", cp, "shacl.shacl_validate",
                                               "--shapes", str(shapes_path), "--data", str(data)])
                    if jena_out.returncode != 0 and "ValidationReport" not in jena_out.stdout:
                        print(f"Jena failed: {jena_out.stderr.strip()[:500]}")
                        return 1
                    jena.append(seconds)
            assert py_run is not None
            py_counts, py_keys = focus_sets(py_run.report_graph)
            same = "-"
            if jena_out is not None:
                _jena_counts, jena_keys = focus_sets(Graph().parse(data=jena_out.stdout, format="turtle"))
                same = "yes" if py_keys == jena_keys else f"no ({len(py_keys ^ jena_keys)} differ)"
            jena_cell = f"{statistics.median(jena):.2f} s" if jena else "-"
            counts = " / ".join(str(py_counts.get(s, 0)) for s in ("Violation", "Warning", "Info"))
            print(f"| {size:,} | {len(combined):,} | {statistics.median(inproc):.2f} s | "
                  f"{statistics.median(command):.2f} s | {jena_cell} | {counts} | {same} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
