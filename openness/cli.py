"""The `openness` command: the one place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

from openness.errors import Finding, OpennessError, UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EPILOG = """\
exit status:
  0  success
  1  findings: an input file is wrong (each finding is printed as file:line:col: message)
  2  usage error: an unknown command, option, model, rubric or format
  3  internal error (a bug in openness: please report it)

Run `openness COMMAND --help` for a command's options.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # argparse's usage errors: exit 2 without a traceback
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("data folders")
    g.add_argument("--catalog", action="append", default=[], metavar="DIR", help="a catalog folder of your own (models/, licenses/) on top of the shipped one; repeatable")
    g.add_argument("--rubrics", action="append", default=[], metavar="DIR", help="a folder of rubric files of your own; repeatable")


def build_parser() -> argparse.ArgumentParser:
    from openness import __version__

    parser = _Parser(
        prog="openness",
        description="How open is an AI model, and may we use it for what we want? Scores models against YAML rubrics and checks license terms.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"openness {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=description or help, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        _common(p)
        return p

    p = cmd("list", "list models, licenses or rubrics")
    p.add_argument("what", nargs="?", default="models", choices=["models", "licenses", "rubrics"])
    p.add_argument("--developer", help="only models by this developer")
    p.add_argument("--weights", help="only models whose weights are (open, gated, api-only …)")
    p.add_argument("--license", help="only models under this license id")
    p.add_argument("--format", default="text", help="text, markdown, csv, json or any tabulate format")

    p = cmd("show", "a model's (or license's) resolved facts with their evidence")
    p.add_argument("name", metavar="MODEL")
    p.add_argument("--format", default="text", choices=["text", "json"])

    p = cmd("score", "score models under a rubric")
    p.add_argument("models", nargs="+", metavar="MODEL")
    p.add_argument("--rubric", "-r", action="append", default=[], metavar="R", help="rubric name or file (default: articles); repeatable")
    p.add_argument("--format", default="text")

    p = cmd("compare", "compare models side by side under one or more rubrics")
    p.add_argument("models", nargs="*", metavar="MODEL", help="models to compare (default: the whole catalog)")
    p.add_argument("--rubric", "-r", action="append", default=[], metavar="R", help="rubric name or file (default: articles); repeatable")
    p.add_argument("--format", "-f", default="text", metavar="F", help="text, markdown, csv, tsv, json, or any tabulate format (github, grid, html, latex …)")

    p = cmd("explain", "each criterion's value, points, weight, evidence and the passage behind it")
    p.add_argument("name", metavar="MODEL")
    p.add_argument("--rubric", "-r", default="articles", metavar="R")
    p.add_argument("--format", default="text", choices=["text", "json"])

    p = cmd("validate", "check model, license, rubric and use-case files; print every finding")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the shipped files and --catalog/--rubrics folders)")
    p.add_argument("--format", default="text", choices=["text", "github", "json"], help="text (file:line:col: message), github (workflow annotations) or json")

    p = cmd("schema", "print the JSON Schema of a kind of file")
    p.add_argument("kind", choices=["model", "license", "rubric", "usecase"])

    p = cmd("audit", "how well each record is sourced: facts set and unknown, evidence, article-versus-license conflicts")
    p.add_argument("models", nargs="*", metavar="MODEL", help="models to audit (default: every model and license)")
    p.add_argument("--format", default="text", help="text, markdown, csv, json or any tabulate format")

    p = cmd("facts", "list the fact paths rubrics can read, with types and allowed values")
    p.add_argument("--format", default="text")
    return parser


# --------------------------------------------------------------------------- helpers


def _catalog(args: argparse.Namespace) -> Any:
    from openness.catalog import load_catalog

    return load_catalog(*args.catalog)


def _rubrics(args: argparse.Namespace, names: Sequence[str]) -> list[Any]:
    from openness.rubric import load_rubric

    return [load_rubric(n, args.rubrics) for n in (names or ["articles"])]


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent)


def _evidence_lines(fact: Any, indent: str = "      ") -> list[str]:
    out = []
    for e in fact.evidence:
        kind = "primary" if e.primary else "article"
        where = f"{e.source}" + (f" ({e.locator})" if e.locator else "")
        out.append(_wrap(f"“{e.quote}”", indent))
        out.append(f"{indent}  — {where} [{kind}]")
    for c in fact.claims:
        out.append(f"{indent}CONFLICT: {c.claim}")
        out.append(_wrap(f"“{c.evidence.quote}”", indent + "  "))
        out.append(f"{indent}  — {c.evidence.source} [article; the primary text wins]")
    if fact.note:
        out.append(_wrap(f"note: {fact.note}", indent))
    return out


def _fact_lines(label: str, fact: Any) -> list[str]:
    head = f"  {label}: {fact.display}" if fact.known else f"  {label}: unknown ({fact.unknown})"
    return [head, *_evidence_lines(fact)]


# --------------------------------------------------------------------------- commands


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import Table

    if args.what == "rubrics":
        from openness.rubric import available, load_rubric

        rows = []
        for name, path in available(args.rubrics).items():
            r = load_rubric(path, args.rubrics)
            rows.append((name, r.title, str(len(r.criteria)), "tiers" if r.tiers else ("grades" if r.grades else "")))
        out.write(Table(("rubric", "title", "criteria", "labels"), tuple(rows)).render(args.format))
        return EXIT_OK
    catalog = _catalog(args)
    if args.what == "licenses":
        rows = [(x.id, x.name, x.category, x.spdx or "", x.hf_id or "") for x in catalog.licenses]
        data = [x.to_dict() for x in catalog.licenses]
        out.write(Table(("license", "name", "category", "spdx", "hf_id"), tuple(rows), data).render(args.format))
        return EXIT_OK
    models = list(catalog.models)
    if args.developer:
        models = [m for m in models if str(m.value("developer", "")).lower() == args.developer.lower()]
    if args.weights:
        models = [m for m in models if m.value("access.weights") == args.weights]
    if args.license:
        lic = catalog.license(args.license)
        models = [m for m in models if m.value("license") == lic.id]
    rows = [
        (m.id, m.name, str(m.value("developer", "unknown")), str(m.value("released", "unknown")), m.fact("access.weights").display, m.fact("license").display)
        for m in models
    ]
    data = [{"id": m.id, "name": m.name, "developer": m.value("developer"), "released": m.value("released"), "weights": m.value("access.weights"), "license": m.value("license")} for m in models]
    out.write(Table(("model", "name", "developer", "released", "weights", "license"), tuple(rows), data).render(args.format))
    return EXIT_OK


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import dumps_json

    catalog = _catalog(args)
    try:
        m = catalog.model(args.name)
    except UsageError:
        try:
            lic = catalog.license(args.name)
        except UsageError:
            raise UsageError(catalog_error(catalog, args.name)) from None
        if args.format == "json":
            out.write(dumps_json(lic.to_dict()))
            return EXIT_OK
        lines = [f"{lic.name} ({lic.id})", f"  url: {lic.url}", f"  category: {lic.category}", f"  spdx: {lic.spdx or 'none'}", f"  hf_id: {lic.hf_id or 'none'}"]
        for path, fact in lic.facts.items():
            lines += _fact_lines(path, fact)
        out.write("\n".join(lines) + "\n")
        return EXIT_OK
    if args.format == "json":
        out.write(dumps_json(m.to_dict()))
        return EXIT_OK
    lines = [f"{m.name} ({m.id})" + (f" — family {m.family}" if m.family else ""), f"  file: {m.file}"]
    if m.aliases:
        lines.append(f"  aliases: {', '.join(m.aliases)}")
    if m.hf_repos:
        lines.append(f"  hugging face: {', '.join(m.hf_repos)}")
    for path, fact in m.facts.items():
        lines += _fact_lines(path, fact)
    lic = m.license_record
    if lic is not None:
        lines += ["", f"license {lic.id}: {lic.name}", f"  {lic.url}"]
        for path, fact in lic.facts.items():
            lines += _fact_lines(path, fact)
    if m.notes:
        lines += ["", _wrap(f"notes: {m.notes}", "  ")]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def catalog_error(catalog: Any, name: str) -> str:
    import difflib

    names = [m.id for m in catalog.models] + [x.id for x in catalog.licenses]
    close = difflib.get_close_matches(name.lower(), names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `openness list` shows them"
    return f"no model or license named {name!r}{hint}"


def cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    from openness.comparison import compare

    catalog = _catalog(args)
    models = catalog.select(args.models)
    rubrics = _rubrics(args, args.rubric)
    out.write(compare(models, rubrics).render(args.format))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    return cmd_score(args, out)


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import dumps_json, fmt_number
    from openness.scoring import score

    catalog = _catalog(args)
    m = catalog.model(args.name)
    (rubric,) = _rubrics(args, [args.rubric])
    card = score(m, rubric)
    if args.format == "json":
        out.write(dumps_json(card.to_dict()))
        return EXIT_OK
    lines = [f"{m.name} under {rubric.title} ({rubric.id})", ""]
    for r in card.results:
        pts = "left out (unknown)" if r.status == "excluded" else f"{fmt_number(r.points)} of {fmt_number(r.max_points)} points"
        lines.append(f"{r.id}: {r.title}  [weight {r.weight:g}; {pts}]")
        lines.append(f"  {', '.join(r.facts)} = {r.value}  ({r.detail})")
        for e in r.evidence:
            lines.append(_wrap(f"evidence: “{e.quote}”", "    "))
            lines.append(f"      — {e.source}" + (f" ({e.locator})" if e.locator else ""))
        for c in r.conflicts:
            lines.append(_wrap(f"CONFLICT: {c.claim}: “{c.evidence.quote}” — {c.evidence.source} (article; the primary text wins)", "    "))
        for e in r.why:
            lines.append(_wrap(f"why: “{e.quote}”", "    "))
            lines.append(f"      — {e.source}")
        lines.append("")
    lines.append(f"total: {fmt_number(card.total)} / 100" + (f"   grade: {card.grade}" if card.grade else ""))
    if card.tiers:
        lines.append(f"tier: {card.tier or 'none reached'}")
        for t in card.tiers:
            lines.append(f"  {t.label}: {t.met}/{t.required}" + (" reached" if t.reached else f" missing {', '.join(t.missing)}"))
    lines.append(f"unknown facts: {card.unknown}")
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import dumps_json
    from openness.validator import validate_paths

    found = validate_paths(args.paths, args.catalog, args.rubrics)
    write_findings(found, args.format, out)
    if args.format == "text" and not found:
        out.write("no findings\n")
    return EXIT_FINDINGS if found else EXIT_OK


def write_findings(found: Sequence[Finding], fmt: str, out: TextIO) -> None:
    from openness.render import dumps_json

    if fmt == "json":
        out.write(dumps_json([f.to_dict() for f in found]))
        return
    for f in found:
        if fmt == "github":
            msg = f.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            out.write(f"::{f.severity} file={f.file},line={max(f.line, 1)},col={max(f.column, 1)},title={f.code}::{msg}\n")
        else:
            out.write(f"{f}\n")


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from openness import schemas

    out.write(schemas.path(args.kind).read_text(encoding="utf-8"))
    return EXIT_OK


def cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from openness.audit import audit

    catalog = _catalog(args)
    models = catalog.select(args.models)
    licenses = [] if args.models else list(catalog.licenses)
    if args.models:
        licenses = sorted({m.license_record for m in models if m.license_record is not None}, key=lambda x: x.id)
    report = audit(models, licenses, (catalog_root(), *catalog.roots))
    out.write(report.table().render(args.format))
    if args.format not in ("json", "csv", "tsv"):
        details = report.details()
        if details:
            out.write("\n" + details)
    return EXIT_OK if report.ok else EXIT_FINDINGS


def catalog_root() -> Any:
    from openness import sources

    return sources.data_root()


def cmd_facts(args: argparse.Namespace, out: TextIO) -> int:
    from openness import vocabulary as v
    from openness.render import Table

    rows = []
    for path in v.all_paths():
        spec = v.spec_for(path.replace("*", "x"))
        assert spec is not None
        allowed = v.allowed_values(spec)
        rows.append((path, spec.type, ", ".join(str(a).lower() for a in allowed), spec.doc))
    out.write(Table(("fact", "type", "values", "meaning"), tuple(rows)).render(args.format))
    return EXIT_OK


COMMANDS = {
    "list": cmd_list,
    "show": cmd_show,
    "score": cmd_score,
    "compare": cmd_compare,
    "explain": cmd_explain,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "facts": cmd_facts,
    "audit": cmd_audit,
}


def run(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a command line; return the exit status.  Used by ``main`` and by the tests."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(out)
            return EXIT_USAGE
        return COMMANDS[args.command](args, out)
    except UsageError as exc:
        err.write(f"openness: error: {exc.message}\n")
        return EXIT_USAGE
    except OpennessError as exc:
        for f in exc.findings:
            err.write(f"{f}\n")
        n = len(exc.findings)
        err.write(f"openness: {n} finding{'s' if n != 1 else ''}\n")
        return EXIT_FINDINGS
    except KeyboardInterrupt:
        err.write("openness: interrupted\n")
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("OPENNESS_DEBUG"):
            raise
        err.write(f"openness: internal error: {type(exc).__name__}: {exc} (set OPENNESS_DEBUG=1 for the traceback, and please report it)\n")
        return EXIT_INTERNAL


def main() -> None:
    try:
        code = run()
        sys.stdout.flush()
    except BrokenPipeError:  # `openness compare | head`
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = EXIT_OK
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
