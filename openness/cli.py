"""The `openness` command: the one place that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from openness.errors import Finding, OpennessError, UsageError

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

EPILOG = """\
exit status:
  0  success
  1  findings: an input file is wrong (each finding is printed as file:line:col: message)
  2  usage error: an unknown command, option, model, rubric or format
  3  internal error (a bug in openness: please report it)

environment:
  OPENNESS_CACHE_DIR          where the private cache of checked files lives (default:
                              $XDG_CACHE_HOME/openness, else ~/.cache/openness)
  OPENNESS_NO_CACHE=1         no cache and no snapshot: parse and check every file
  NO_COLOR                    no colour, even in a terminal
  OPENNESS_DEBUG=1            the traceback of an internal error
  OPENNESS_NO_PROGRESS=1      no progress bar (import of a whole folder), even in a terminal
  COLUMNS                     the width help is wrapped to (default: the terminal's, else 80)

Run `openness COMMAND --help` for a command's options.
"""


def _columns() -> int:
    """The terminal's width, as ``shutil.get_terminal_size`` gives it (``COLUMNS``, else the
    terminal of standard output, else 80), without importing shutil and its compression modules
    for it: argparse makes a help formatter for every argument it adds."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Parser(argparse.ArgumentParser):
    def _get_formatter(self) -> argparse.HelpFormatter:
        make: Any = self.formatter_class
        return make(prog=self.prog, width=_columns() - 2)  # type: ignore[no-any-return]  # argparse's width, as it computes it

    def error(self, message: str) -> Any:  # argparse's usage errors: exit 2 without a traceback
        self.print_usage(sys.stderr)
        raise UsageError(f"{self.prog}: {message}")

    def parse_args(self, args: Any = None, namespace: Any = None) -> Any:
        """As argparse's, but words left over are the command's error, shown with its usage
        (``openness explain A B`` prints explain's usage, not the top-level one)."""
        ns, extra = self.parse_known_args(args, namespace)
        if extra:
            (self._command_parser(ns) or self).error(f"unrecognized arguments: {' '.join(extra)}")
        return ns

    def _command_parser(self, ns: argparse.Namespace) -> argparse.ArgumentParser | None:
        parser: argparse.ArgumentParser | None = None
        current: argparse.ArgumentParser = self
        for dest in ("command", "import_kind"):  # a command, and a kind of import below it
            actions = [a for a in current._actions if isinstance(a, argparse._SubParsersAction) and a.dest == dest]
            name = getattr(ns, dest, None)
            if not actions or name not in actions[0].choices:
                break
            parser = current = actions[0].choices[name]
        return parser


class _Skipped:
    """Stands in for the parser of a command that is not being run: every call is ignored.

    argparse builds a help formatter for each argument it adds, so building every command's
    parser costs more than the command itself takes to start; ``run`` builds only the one named.
    """

    def __getattr__(self, name: str) -> Any:
        return self._ignore

    def __setattr__(self, name: str, value: Any) -> None:
        pass

    def _ignore(self, *args: Any, **kwargs: Any) -> Any:
        return self


#: The values of access.weights (openness.vocabulary.WEIGHTS, without importing attrs to build the parser).
WEIGHT_CHOICES = ("open", "gated", "research-only", "leaked", "api-only", "none")

#: The data-folder options each command reads (a command not listed takes neither).
DATA_OPTIONS = {
    "list": ("catalog", "rubrics"),
    "show": ("catalog",),
    "score": ("catalog", "rubrics"),
    "compare": ("catalog", "rubrics"),
    "explain": ("catalog", "rubrics"),
    "validate": ("catalog", "rubrics"),
    "audit": ("catalog",),
    "check": ("catalog",),
    "diff": ("catalog",),
    "history": ("catalog",),
    "report": ("catalog", "rubrics"),
    "badge": ("catalog", "rubrics"),
    "scan": ("catalog",),
}

PROJECT_NOTE = (
    "Your own folders are found as pytest and ruff find theirs: the nearest pyproject.toml with a "
    '[tool.openness] table (catalog = ["catalog"], rubrics = ["rubrics"], usecases = ["usecases"]), '
    "else catalog/, rubrics/ and usecases/ in the working folder; they are used on top of the shipped ones."
)


def _common(p: argparse.ArgumentParser, options: Sequence[str] = ("catalog", "rubrics")) -> None:
    if not options:
        return
    g = p.add_argument_group("data folders", PROJECT_NOTE)
    if "catalog" in options:
        g.add_argument(
            "--catalog",
            action="append",
            default=[],
            metavar="DIR",
            help="another catalog folder (models/, licenses/) on top of the shipped one and your project's; repeatable",
        )
    if "rubrics" in options:
        g.add_argument(
            "--rubrics",
            action="append",
            default=[],
            metavar="DIR",
            help="another folder of rubric files on top of the shipped ones and your project's; repeatable",
        )


class _Version(argparse.Action):
    """``--version``: the package, and the shipped catalog's data version (the date its newest
    source was read) with its counts, so that a scorecard can be traced to the data behind it."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option_string: str | None = None) -> None:
        from openness import __version__
        from openness.catalog import load_catalog

        catalog = load_catalog()
        sys.stdout.write(f"openness {__version__}\ncatalog {catalog.version or 'unknown'} ({len(catalog.models)} models, {len(catalog.licenses)} licenses)\n")
        parser.exit()


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command's, or with ``only``, just that command's."""
    parser = _Parser(
        prog="openness",
        description="How open is an AI model, and may we use it for what we want? Scores models against YAML rubrics and checks license terms.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="the package's version and the shipped catalog's data version, then exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def cmd(name: str, help: str, description: str | None = None) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _Skipped()  # type: ignore[return-value]
        p = sub.add_parser(name, help=help, description=description or help, epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
        _common(p, DATA_OPTIONS.get(name, ()))
        return p

    p = cmd("list", "list models, licenses or rubrics")
    p.add_argument("what", nargs="?", default="models", choices=["models", "licenses", "rubrics"])
    p.add_argument("--developer", help="only models whose developer contains this text (any case: --developer mistral)")
    p.add_argument("--weights", help="only models whose weights are this (any case): " + ", ".join(WEIGHT_CHOICES))
    p.add_argument("--license", help="only models under this license id")
    p.add_argument("--format", default="text", help="text, markdown, csv, json or any tabulate format")

    p = cmd("show", "a model's (or license's) resolved facts with their evidence")
    p.add_argument("name", metavar="MODEL")
    p.add_argument("--format", default="text", choices=["text", "json"])

    p = cmd("score", "score models under a rubric (or, with --input, a stream of hub metadata records)")
    p.add_argument("models", nargs="*", metavar="MODEL", help="models to score (or give --input)")
    p.add_argument(
        "--input",
        "-i",
        metavar="FILE",
        help="bulk: a JSON Lines or CSV file of Hugging Face hub metadata records, or a pipe such as <(zcat hub.jsonl.gz) ('-' for standard input); --format csv (default) or jsonl",
    )
    p.add_argument("--out", "-o", metavar="FILE", help="bulk: write the scores to FILE (atomically) instead of standard output")
    p.add_argument("--force", action="store_true", help="bulk: replace --out FILE if it exists")
    p.add_argument("--rubric", "-r", action="append", default=[], metavar="R", help="rubric name or file (default: articles); repeatable")
    p.add_argument("--format", default="text")
    p.add_argument("--no-color", action="store_true", help="no colour in text output (also off when NO_COLOR is set or output is not a terminal)")

    p = cmd("compare", "compare models side by side under one or more rubrics")
    p.add_argument("models", nargs="*", metavar="MODEL", help="models to compare (default: the whole catalog)")
    p.add_argument("--rubric", "-r", action="append", default=[], metavar="R", help="rubric name or file (default: articles); repeatable")
    p.add_argument("--format", "-f", default="text", metavar="F", help="text, markdown, csv, tsv, json, or any tabulate format (github, grid, html, latex …)")
    p.add_argument("--no-color", action="store_true", help="no colour in text output (also off when NO_COLOR is set or output is not a terminal)")

    p = cmd("explain", "each criterion's value, points, weight, evidence and the passage behind it")
    p.add_argument("name", metavar="MODEL")
    p.add_argument("--rubric", "-r", default="articles", metavar="R")
    p.add_argument("--format", default="text", choices=["text", "json"])
    p.add_argument("--no-color", action="store_true", help="no colour in text output (also off when NO_COLOR is set or output is not a terminal)")

    p = cmd("validate", "check model, license, rubric and use-case files; print every finding")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders (default: your project's folders and the --catalog/--rubrics folders; inside the openness checkout, the shipped files)",
    )
    p.add_argument("--shipped", action="store_true", help="also check the shipped catalog and rubrics")
    p.add_argument("--format", default="text", choices=["text", "github", "json"], help="text (file:line:col: message), github (workflow annotations) or json")

    p = cmd("schema", "print the JSON Schema of a kind of file, or write them all beside your files for your editor")
    p.add_argument("kind", nargs="?", choices=["model", "license", "rubric", "usecase", "scorecard", "policy"])
    p.add_argument(
        "--write",
        nargs="?",
        const="",
        default=None,
        metavar="DIR",
        help="write every schema to DIR (default: your project's schemas folder, ./schemas); `openness new` and `openness import` then start files with a schema line pointing there",
    )
    p.add_argument("--force", action="store_true", help="with --write: replace schema files that exist")

    p = cmd("new", "write a skeleton model, license or rubric file that validates as written")
    p.add_argument("kind", choices=["model", "license", "rubric"])
    p.add_argument("id", metavar="ID", help="lower-case id; also the file name")
    p.add_argument(
        "--dir",
        metavar="DIR",
        help="folder to write to (default: your project's catalog/models, catalog/licenses or rubrics folder, where every command looks)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing file")

    p = cmd("audit", "how well each record is sourced: facts set and unknown, evidence, article-versus-license conflicts")
    p.add_argument("models", nargs="*", metavar="MODEL", help="models to audit (default: every model and license)")
    p.add_argument("--format", default="text", help="text, markdown, csv, json or any tabulate format")

    p = cmd("facts", "list the fact paths rubrics can read, with types and allowed values")
    p.add_argument("--format", default="text")
    _add_check_parsers(cmd)
    _add_report_parsers(cmd)
    if only in (None, "import"):  # as for scan: the importers' module only when their parser is needed
        from openness.importers import add_parsers as _add_import_parsers

        _add_import_parsers(cmd)
    if only in (None, "scan"):  # its module is imported only when its parser is needed
        from openness.scan.command import add_parser as _add_scan_parser

        _add_scan_parser(cmd)
    return parser


# --------------------------------------------------------------------------- helpers


def _project() -> Any:
    from openness import project

    return project.find()


def _folders(args: argparse.Namespace, key: str) -> list[str]:
    """The project's existing folders of one kind, then those given with --catalog / --rubrics."""
    from openness import project

    return project.folders(key, getattr(args, key, []))


def _catalog(args: argparse.Namespace) -> Any:
    from openness.catalog import load_catalog

    return load_catalog(*_folders(args, "catalog"))


def _rubrics(args: argparse.Namespace, names: Sequence[str]) -> list[Any]:
    from openness.rubric import load_rubric

    dirs = _folders(args, "rubrics")
    return [load_rubric(n, dirs) for n in (names or ["articles"])]


def _wrap(text: str, indent: str) -> str:
    import textwrap

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

        rows: list[tuple[str, ...]] = []
        dirs = _folders(args, "rubrics")
        for name, path in available(dirs).items():
            r = load_rubric(path, dirs)
            rows.append((name, r.title, str(len(r.criteria)), "tiers" if r.tiers else ("grades" if r.grades else "")))
        out.write(Table(("rubric", "title", "criteria", "labels"), tuple(rows)).render(args.format))
        return EXIT_OK
    catalog = _catalog(args)
    if args.what == "licenses":
        license_rows = [(x.id, x.name, x.category or "", x.spdx or "", x.hf_id or "") for x in catalog.licenses]
        data = [x.to_dict() for x in catalog.licenses]
        out.write(Table(("license", "name", "category", "spdx", "hf_id"), tuple(license_rows), data).render(args.format))
        return EXIT_OK
    models = list(catalog.models)
    weights = None
    if args.weights:
        weights = args.weights.strip().lower()
        if weights not in WEIGHT_CHOICES:
            raise UsageError(f"expected --weights to be one of: {', '.join(WEIGHT_CHOICES)}; found {args.weights!r}")
    if args.developer:
        needle = " ".join(args.developer.split()).lower()
        models = [m for m in models if m.fact("developer").known and needle in " ".join(str(m.value("developer")).split()).lower()]
    if weights:
        models = [m for m in models if m.value("access.weights") == weights]
    if args.license:
        lic = catalog.license(args.license)
        models = [m for m in models if m.value("license") == lic.id]
    rows = [
        (m.id, m.name, str(m.value("developer", "unknown")), str(m.value("released", "unknown")), m.fact("access.weights").display, m.fact("license").display)
        for m in models
    ]
    data = [
        {
            "id": m.id,
            "name": m.name,
            "developer": m.value("developer"),
            "released": m.value("released"),
            "weights": m.value("access.weights"),
            "license": m.value("license"),
        }
        for m in models
    ]
    out.write(Table(("model", "name", "developer", "released", "weights", "license"), tuple(rows), data).render(args.format))
    return EXIT_OK


def cmd_show(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import dumps_json

    catalog = _catalog(args)
    from openness.records import License

    m = _record(catalog, args.name)
    if isinstance(m, License):
        lic = m
        if args.format == "json":
            out.write(dumps_json(lic.to_dict()))
            return EXIT_OK
        lines = [
            f"{lic.name} ({lic.id})",
            f"  file: {lic.file}" + _replaces(catalog, "license", lic.id),
            f"  url: {lic.url}",
            f"  category: {lic.category}",
            f"  spdx: {lic.spdx or 'none'}",
            f"  hf_id: {lic.hf_id or 'none'}",
        ]
        for path, fact in lic.facts.items():
            lines += _fact_lines(path, fact)
        out.write("\n".join(lines) + "\n")
        return EXIT_OK
    if args.format == "json":
        out.write(dumps_json(m.to_dict()))
        return EXIT_OK
    lines = [f"{m.name} ({m.id})" + (f" — family {m.family}" if m.family else ""), f"  file: {m.file}" + _replaces(catalog, "model", m.id)]
    if m.aliases:
        lines.append(f"  aliases: {', '.join(m.aliases)}")
    if m.hf_repos:
        lines.append(f"  hugging face: {', '.join(m.hf_repos)}")
    if m.hf_repos_former:
        lines.append(f"  formerly on hugging face: {', '.join(m.hf_repos_former)}")
    for path, fact in m.facts.items():
        lines += _fact_lines(path, fact)
    lic = m.license_record
    lineage = getattr(m, "lineage", None)
    if lineage is not None and lineage.bases:
        from openness.lineage import effective_license_text

        own = m.fact("license")
        lines += ["", f"lineage (effective license {effective_license_text(lineage, str(own.value) if own.known else None)}):"]
        lines += [
            f"  base: {a.text}" + (f" [{a.license.id}]" if a.license is not None and a.unknown is None else f" [unknown: {a.unknown}]")
            for a in lineage.ancestors
        ]
        lines += [_wrap(f"{f.code}: {f.message}", "  ") for f in lineage.findings]
        lines += [_wrap(f"DECLARED VS INHERITED: {c.message}", "  ") for c in lineage.conflicts]
    if lic is not None:
        title = "effective terms" if lineage is not None and lineage.ancestors else f"license {lic.id}"
        lines += ["", f"{title}: {lic.name}", f"  {lic.url}"]
        for path, fact in lic.facts.items():
            lines += _fact_lines(path, fact)
            if fact.inherited is not None:
                lines.append(_wrap(f"{fact.inherited.text}, under {fact.inherited.license_name}", "      "))
    if m.notes:
        lines += ["", _wrap(f"notes: {m.notes}", "  ")]
    out.write("\n".join(lines) + "\n")
    return EXIT_OK


def _replaces(catalog: Any, kind: str, ident: str) -> str:
    return f" (replaces the shipped {kind} {ident})" if (kind, ident) in catalog.replaced else ""


def cmd_score(args: argparse.Namespace, out: TextIO) -> int:
    if getattr(args, "input", None) is not None:  # (an empty name is the bulk reader's usage error)
        from openness import bulkcheck

        return bulkcheck.run_score(args, out)
    if getattr(args, "command", None) == "score" and not args.models:
        raise UsageError("expected MODEL names to score, or --input FILE (a stream of hub metadata records)")
    from openness.comparison import compare

    catalog, models = _catalog_and_models(args)
    rubrics = _rubrics(args, args.rubric)
    text = compare(models, rubrics, catalog_version=catalog.version).render(args.format)
    if args.format == "text" and _color(args, out):
        from openness.render import color

        text = color.table(text)
    out.write(text)
    return EXIT_OK


def _catalog_and_models(args: argparse.Namespace) -> tuple[Any, list[Any]]:
    """The catalog and the models to score: a MODEL that is a folder (an imported database, say)
    is loaded as a catalog folder on top of the others, and each of its model files is scored by
    its exact id, so that a record of that folder never resolves to a shipped model."""
    from pathlib import Path

    from openness.catalog import catalog_files, load_catalog

    folders = [m for m in args.models if Path(m).is_dir()]
    names = [m for m in args.models if m not in folders]
    if not folders:
        catalog = _catalog(args)
        return catalog, _select(catalog, names)
    catalog = load_catalog(*_folders(args, "catalog"), *folders)
    by_id = {m.id: m for m in catalog.models}
    models = []
    for folder in folders:
        root = Path(folder)
        files = [p for p in catalog_files(root) if p.parent == root / "models" or p.parent == root]
        models += [m for p in files if (m := by_id.get(p.stem)) is not None and m.file and Path(m.file).stem == p.stem]
    for m in _select(catalog, names) if names else []:
        if m not in models:
            models.append(m)
    return catalog, models


def cmd_compare(args: argparse.Namespace, out: TextIO) -> int:
    return cmd_score(args, out)


def cmd_explain(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import dumps_json, fmt_number
    from openness.scoring import score

    catalog = _catalog(args)
    m = _model(catalog, args.name)
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
        for path in r.facts:
            inherited = m.fact(path).inherited
            if inherited is not None:
                lines.append(_wrap(f"{inherited.text}, under {inherited.license_name}", "    "))
        for c in r.conflicts:
            lines.append(_wrap(f"CONFLICT: {c.claim}: “{c.evidence.quote}” — {c.evidence.source} (article; the primary text wins)", "    "))
        for note in r.notes:
            lines.append(_wrap(f"note: {note}", "    "))
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
    text = "\n".join(lines) + "\n"
    if _color(args, out):
        from openness.render import color

        text = color.explain(text)
    out.write(text)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from openness import project
    from openness.validator import validate_paths

    here = project.find()
    catalogs, rubric_dirs = _folders(args, "catalog"), _folders(args, "rubrics")
    if args.paths:
        found = validate_paths(args.paths, catalogs, rubric_dirs)
    elif here is not None:
        found = validate_paths((), catalogs, rubric_dirs, usecases=here.existing("usecases"), shipped=args.shipped)
    elif args.shipped or args.catalog or args.rubrics or project.is_source_checkout(Path.cwd()):
        found = validate_paths((), catalogs, rubric_dirs, shipped=args.shipped or project.is_source_checkout(Path.cwd()))
    else:
        raise UsageError(
            "nothing to validate here: no pyproject.toml with [tool.openness] above this folder, and no catalog/, rubrics/ "
            "or usecases/ folder in it; give files or folders, or --shipped for the shipped files"
        )
    write_findings(found, args.format, out)
    errors = [f for f in found if f.severity != "notice"]  # a notice (a replaced shipped record) is no error
    if args.format == "text" and not errors:
        out.write("no findings\n" if not found else "no errors\n")
    return EXIT_FINDINGS if errors else EXIT_OK


def write_findings(found: Sequence[Finding], fmt: str, out: TextIO) -> None:
    from openness.render import dumps_json
    from openness.textsafe import visible

    if fmt == "json":
        out.write(dumps_json([f.to_dict() for f in found]))
        return
    for f in found:
        if fmt == "github":
            # escaped as GitHub's workflow commands require: %, CR and LF in the message; also
            # : and , in properties (a file named `a,line=9::x.yaml` stays a file name)
            msg = _gh_data(visible(f.message))
            file = _gh_property(visible(f.file))
            out.write(f"::{f.severity} file={file},line={max(f.line, 1)},col={max(f.column, 1)},title={_gh_property(f.code)}::{msg}\n")
        else:
            out.write(f"{f}\n")


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path

    from openness import project, schemas

    if args.write is None:
        if args.kind is None:
            raise UsageError("expected the kind of file (model, license, rubric, usecase, scorecard or policy), or --write DIR")
        out.write(schemas.path(args.kind).read_text(encoding="utf-8"))
        return EXIT_OK
    from openness.atomic import write_text

    folder = Path(args.write) if args.write else project.for_writing().schemas
    kinds = [args.kind] if args.kind else [*schemas.KINDS, "scorecard"]
    targets = [folder / f"{k}.schema.json" for k in kinds]
    if not args.force:
        for target in targets:  # refuse before writing any, so a refusal changes nothing
            if target.exists():
                raise UsageError(f"{target} exists; not overwriting it (use --force to replace it)")
    for kind, target in zip(kinds, targets):
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.resolve() != schemas.path(kind).resolve():
            write_text(target, schemas.path(kind).read_text(encoding="utf-8"), force=args.force)
        out.write(f"wrote {target}\n")
    return EXIT_OK


def cmd_new(args: argparse.Namespace, out: TextIO) -> int:
    import re
    from pathlib import Path

    from openness import project, skeleton
    from openness.atomic import write_text

    if not re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", args.id) or len(args.id) > 80:
        raise UsageError(f"expected an id of lower-case letters, digits and . _ + - ; found {args.id!r}")
    here = project.for_writing()
    default = {"model": here.catalog[0] / "models", "license": here.catalog[0] / "licenses", "rubric": here.rubrics[0]}[args.kind]
    folder = Path(args.dir) if args.dir else _relative(default)
    target = folder / f"{args.id}.yaml"
    line = project.schema_line(args.kind, folder, here)
    write_text(target, skeleton.render(args.kind, args.id, line), force=args.force)
    out.write(f"wrote {target}\nfill it in, then run: openness validate {target}\n")
    if args.dir and not here.checkout:
        seen = here.catalog if args.kind != "rubric" else here.rubrics
        inside = [d for d in seen if folder.resolve() in ((d / "models").resolve(), (d / "licenses").resolve(), d.resolve())]
        if not inside:
            option = "--rubrics" if args.kind == "rubric" else "--catalog"
            place = folder if args.kind == "rubric" else folder.parent
            out.write(f"note: {folder} is not one of your project's folders; other commands see it with {option} {place}\n")
    if line is None:
        out.write("note: no schema line written: `openness schema --write` puts the JSON Schemas beside your files for your editor\n")
    return EXIT_OK


def _relative(path: Any) -> Any:
    """A path as it is shown: relative to the working folder where it is inside it."""
    from pathlib import Path

    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def cmd_audit(args: argparse.Namespace, out: TextIO) -> int:
    from openness.audit import audit

    catalog = _catalog(args)
    models = catalog.select(args.models)
    licenses = [] if args.models else list(catalog.licenses)
    if args.models:
        chosen = {m.license_record.id: m.license_record for m in models if m.license_record is not None}
        licenses = [chosen[k] for k in sorted(chosen)]
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
        spec = v.spec_for(path.replace("components.*.", "components.architecture.").replace("*", "x"))
        assert spec is not None
        allowed = v.allowed_values(spec)
        rows.append((path, spec.type, ", ".join(str(a).lower() for a in allowed), spec.doc))
    out.write(Table(("fact", "type", "values", "meaning"), tuple(rows)).render(args.format))
    return EXIT_OK


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    from openness.importers import run_import

    return run_import(args, out)


# --------------------------------------------------------------------------- check, diff, history

#: Exit status of `openness check MODEL`: one per overall verdict (1, 2 and 3 keep their meaning).
EXIT_ALLOWED, EXIT_CONDITIONAL, EXIT_UNKNOWN, EXIT_BLOCKED = 0, 4, 5, 6
VERDICT_EXIT = {"allowed": EXIT_ALLOWED, "conditional": EXIT_CONDITIONAL, "unknown": EXIT_UNKNOWN, "blocked": EXIT_BLOCKED}

CHECK_EPILOG = """\
exit status (one MODEL):
  0  allowed: every requirement is met (obligations such as keeping a notice may apply)
  4  conditional: allowed on conditions (the obligations listed)
  5  unknown: a deciding fact is unknown (never read as allowed)
  6  blocked: a requirement is not met
  1  findings: an input file (the catalog or the --use-case file) is wrong
  2  usage error: an unknown model, option or format, or a bad number
  3  internal error (a bug in openness: please report it)
With --all or --models the ranked table is printed and the status is 0 (or 1, 2, 3).

Numbers take suffixes: --mau 150k, --mau 800M, --revenue 1.5B, --revenue 2B (or 800000000).

examples:
  openness check llama-2 --commercial --mau 800M
  openness check llama-3.1 --distill --format json
  openness check --all --commercial --mau 150M --distill
  openness check --all --production --territory EU
  openness check --models mistral-7b llama-3.1 gpt-4 --use-case usecases/chatbot.yaml
"""


def add_usecase_flags(group: Any) -> None:
    """The use-case flags `check` and `scan` share (what the policy or use case says of the use)."""
    group.add_argument("--commercial", action="store_true", default=None, help="commercial use")
    group.add_argument("--mau", type=_amount_arg, metavar="N", help="monthly active users of your product or service (800M, 150k …)")
    group.add_argument("--revenue", type=_amount_arg, metavar="USD", help="your annual revenue in US dollars (2B, 500k …)")
    group.add_argument("--fine-tune", action="store_true", default=None, help="fine-tune or otherwise modify the model")
    group.add_argument("--distill", action="store_true", default=None, help="train or distil another model on its outputs")
    group.add_argument("--redistribute", action="store_true", default=None, help="redistribute the weights or a derivative")
    group.add_argument("--self-host", action="store_true", default=None, help="run it on your own hardware")
    group.add_argument("--hosted-service", action="store_true", default=None, help="offer it to others as a hosted service")
    group.add_argument("--field-of-use", action="append", default=[], metavar="FIELD", help="a field or purpose of use (military, medical …); repeatable")


def _amount_arg(text: str) -> float:
    from openness.usecase import parse_amount

    try:
        return parse_amount(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _add_check_parsers(cmd: Any) -> None:
    """The `check`, `diff` and `history` commands (called by build_parser)."""
    p = cmd("check", "may a model be used for what you want? each requirement, its verdict and the deciding clause")
    p.epilog = CHECK_EPILOG
    p.add_argument("model", nargs="?", metavar="MODEL", help="the model (a catalog name or a model-card README.md) to check (or --all, or --models)")
    p.add_argument(
        "--input",
        "-i",
        metavar="FILE",
        help="bulk: a JSON Lines or CSV file of hub metadata records ('-' for standard input); one verdict per record, --format csv (default) or jsonl",
    )
    p.add_argument("--out", "-o", metavar="FILE", help="bulk: write the verdicts to FILE (atomically) instead of standard output")
    p.add_argument("--force", action="store_true", help="bulk: replace --out FILE if it exists")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help="check every model; print a ranked table (allowed first, then conditional, unknown, blocked)")
    which.add_argument("--models", nargs="+", metavar="MODEL", help="check these models; print a ranked table")
    u = p.add_argument_group("the use case (flags add to a --use-case file)")
    u.add_argument(
        "--use-case", metavar="FILE", help="a use-case YAML file (see `openness schema usecase`), or the name of one in your project's usecases/ folder"
    )
    add_usecase_flags(u)
    u.add_argument("--production", action="store_true", default=None, help="use in production (live products or services), not only evaluation or research")
    u.add_argument(
        "--territory", action="append", default=[], metavar="REGION", help="where you use or offer it: EU or a two-letter country code (DE, GB, KR); repeatable"
    )
    p.add_argument(
        "--format", "-f", default="text", metavar="F", help="text or json for one model; a table also renders as markdown, csv, tsv or any tabulate format"
    )

    p = cmd("diff", "every fact that differs between two models (or two licenses), with both values and both quotes")
    p.add_argument("a", metavar="A", help="a model or license")
    p.add_argument("b", metavar="B", help="a model or license of the same kind")
    p.add_argument("--format", default="text", choices=["text", "json"])

    p = cmd("history", "a model family's releases in date order, each with what changed since the release before")
    p.add_argument("family", metavar="FAMILY", help="a family (llama, gpt, mistral …) or one of its models")
    p.add_argument("--format", default="text", choices=["text", "json"])


def _usecase_from_args(args: argparse.Namespace) -> Any:
    from pathlib import Path

    from openness import frozen as attrs
    from openness.usecase import UseCase, read_usecase

    base = UseCase()
    if args.use_case:
        path = Path(args.use_case)
        if not os.path.lexists(path):  # a use case of your project's by name: usecases/<name>.yaml
            here = _project()
            folders = here.existing("usecases") if here is not None else ()
            named = [f / f"{args.use_case}{ext}" for f in folders for ext in (".yaml", ".yml") if "/" not in args.use_case]
            path = next((p for p in named if p.is_file()), path)
        try:  # anything at the path: reading it says what is wrong (a pipe, a folder, a link loop)
            os.lstat(path)
        except FileNotFoundError:
            raise UsageError(f"no such use-case file: {args.use_case}") from None
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read use-case file {args.use_case}: {getattr(exc, 'strerror', None) or exc}") from None
        loaded, found = read_usecase(path)
        if found or loaded is None:
            raise OpennessError(found)
        base = loaded
    changes: dict[str, Any] = {}
    for name in ("commercial", "fine_tune", "distill", "redistribute", "self_host", "hosted_service", "production"):
        if getattr(args, name):
            changes[name] = True
    if args.mau is not None:
        changes["monthly_active_users"] = args.mau
    if args.revenue is not None:
        changes["annual_revenue_usd"] = args.revenue
    if args.field_of_use:
        changes["field_of_use"] = (*base.field_of_use, *args.field_of_use)
    if args.territory:
        changes["territory"] = (*base.territory, *args.territory)
    usecase = attrs.evolve(base, **changes)
    if usecase.empty:
        raise UsageError(
            "say what you want to do: --commercial, --mau 800M, --revenue 2B, --fine-tune, --distill, --redistribute, "
            "--self-host, --hosted-service, --field-of-use FIELD, --production, --territory EU or --use-case FILE"
        )
    return usecase


def _check_table(verdicts: Sequence[Any]) -> Any:
    from openness.render import Table
    from openness.usecase import ASKS

    names = [n for n in ("release", *ASKS) if any(v.requirement(n) for v in verdicts)]
    rows, data = [], []
    for i, v in enumerate(verdicts, 1):
        # no release requirement means the model is released: nothing stands in the way
        cells = [(v.requirement(n).verdict if v.requirement(n) else "allowed" if n == "release" else "") for n in names]
        deciding = ", ".join(r.name for r in v.deciding)
        rows.append((str(i), v.model, v.license or "unknown", v.overall, *cells, deciding))
        data.append({"rank": i, **v.to_dict()})
    usecase = verdicts[0].usecase.summary() if verdicts else ""
    notes = (f"use case: {usecase}", "ranked allowed, conditional, unknown, blocked; `openness check MODEL ...` quotes each deciding clause")
    return Table(("rank", "model", "license", "verdict", *names, "deciding"), tuple(rows), data, notes=notes)


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render import dumps_json
    from openness.usecase import check, check_all

    if getattr(args, "input", None) is not None:  # (an empty name is the bulk reader's usage error)
        if args.all or args.models or args.model:
            raise UsageError("give MODEL names or --input FILE, not both")
        from openness import bulkcheck

        return bulkcheck.run_check(args, out, _usecase_from_args(args))
    if (args.all or args.models) and args.model:
        raise UsageError("give one MODEL, or --all, or --models A B …, not both")
    if not (args.all or args.models or args.model):
        raise UsageError("expected a MODEL to check, or --all, or --models A B …")
    usecase = _usecase_from_args(args)
    catalog = _catalog(args)
    if args.all or args.models:
        verdicts = check_all(_select(catalog, args.models), usecase)
        out.write(_check_table(verdicts).render(args.format))
        return EXIT_OK
    if args.format not in ("text", "json"):
        raise UsageError(f"unknown format {args.format!r} for one model; expected text or json (tables take any format)")
    verdict = check(_model(catalog, args.model), usecase)
    out.write(dumps_json(verdict.to_dict()) if args.format == "json" else verdict.to_text())
    return VERDICT_EXIT[verdict.overall]


def _record(catalog: Any, name: str, prefer: str | None = None) -> Any:
    """A model or a license by name (a name of both kinds takes ``prefer``, else the error lists
    the candidates), or a model card by path; a derivative model comes with its effective terms."""
    from openness.lineage import is_card_path

    if is_card_path(name):
        return _model(catalog, name)
    record = catalog.record(name, prefer=prefer) if prefer else catalog.record(name)
    from openness.records import License

    return record if isinstance(record, License) else _model(catalog, record.id)


def _pair(catalog: Any, a: str, b: str) -> tuple[Any, Any]:
    """Two records of the same kind: a name that means a model and a license takes the kind of
    the other name (when both names are such, the error lists the candidates)."""
    from openness.records import License

    def kind(record: Any) -> str:
        return "license" if isinstance(record, License) else "model"

    try:
        first = _record(catalog, a)
    except UsageError:
        second = _record(catalog, b)
        return _record(catalog, a, prefer=kind(second)), second
    return first, _record(catalog, b, prefer=kind(first))


def _model(catalog: Any, name: str) -> Any:
    """A model by name, or a model card by path (README.md with front matter), with its effective
    terms when it is a derivative (see openness.lineage)."""
    from openness.lineage import resolve_model

    return resolve_model(catalog, name)


def _select(catalog: Any, names: Sequence[str] | None) -> list[Any]:
    """Like ``Catalog.select``, where a name may also be a model-card path; derivative records
    (with ``base_models``) come with their effective terms."""
    if not names:
        from openness.lineage import Resolver, effective, model_bases

        if not any(model_bases(m) for m in catalog.models):
            return list(catalog.models)
        resolver = Resolver(catalog)
        return [effective(m, resolver) if model_bases(m) else m for m in catalog.models]
    out: list[Any] = []
    for n in names:
        m = _model(catalog, n)
        if all(m.id != o.id or m.file != o.file for o in out):
            out.append(m)
    return out


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from openness.diffing import diff
    from openness.render import dumps_json

    catalog = _catalog(args)
    result = diff(*_pair(catalog, args.a, args.b))
    out.write(dumps_json(result.to_dict()) if args.format == "json" else result.to_text())
    return EXIT_OK


def cmd_history(args: argparse.Namespace, out: TextIO) -> int:
    from openness.diffing import history
    from openness.render import dumps_json

    catalog = _catalog(args)
    family = args.family
    if not catalog.family(family):
        try:  # a model's name stands for its family
            family = catalog.model(family).family or family
        except UsageError:
            pass
    result = history(catalog, family)
    out.write(dumps_json(result.to_dict()) if args.format == "json" else result.to_text())
    return EXIT_OK


# --------------------------------------------------------------------------- report, badge, colour


def _add_report_parsers(cmd: Any) -> None:
    """The `report` and `badge` commands (called by build_parser)."""
    p = cmd("report", "one self-contained HTML page: heatmaps, charts, every fact with its evidence, the rubrics' criteria")
    p.add_argument("--rubric", "-r", action="append", default=[], metavar="R", help="rubric name or file; repeatable (default: every rubric)")
    p.add_argument(
        "--models", nargs="+", default=[], metavar="MODEL", help="models (catalog names or model-card README.md paths) to include (default: the whole catalog)"
    )
    p.add_argument("--out", "-o", required=True, metavar="FILE", help="the page to write (- for standard output)")
    p.add_argument("--force", action="store_true", help="replace an existing file")

    p = cmd("badge", "a shields-style SVG badge: a model's grade or tier and total under a rubric")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--rubric", "-r", default="articles", metavar="R", help="rubric name or file (default: articles)")
    p.add_argument("--out", "-o", metavar="FILE", help="the SVG file to write (default, or -: standard output)")
    p.add_argument("--force", action="store_true", help="replace an existing file")


def _color(args: argparse.Namespace, out: TextIO) -> bool:
    try:  # not a terminal: no colour, decided without importing the colour module
        if not out.isatty():
            return False
    except (AttributeError, ValueError, OSError):
        return False
    from openness.render import color

    return color.enabled(out, getattr(args, "no_color", False))


def _write_out(target: str | None, text: str, force: bool, out: TextIO) -> None:
    """Print to standard output (no target, or -), else write the file atomically."""
    from openness.atomic import write_text

    if target is None or target == "-":
        out.write(text)
        return
    if not target:
        raise UsageError("expected a file name after --out (or - for standard output); found an empty one")
    written = write_text(target, text, force=force)
    from openness.textsafe import visible

    out.write(f"wrote {visible(str(written))}\n")


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render.html import render_report
    from openness.rubric import available

    catalog = _catalog(args)
    models = _select(catalog, args.models)
    names = list(dict.fromkeys(args.rubric)) or list(available(_folders(args, "rubrics")))
    rubrics = _rubrics(args, names)
    _write_out(args.out, render_report(models, rubrics), args.force, out)
    return EXIT_OK


def cmd_badge(args: argparse.Namespace, out: TextIO) -> int:
    from openness.render.badge import badge
    from openness.scoring import score

    catalog = _catalog(args)
    model = _model(catalog, args.model)
    (rubric,) = _rubrics(args, [args.rubric])
    _write_out(args.out, badge(score(model, rubric)), args.force, out)
    return EXIT_OK


def cmd_scan(args: argparse.Namespace, out: TextIO) -> int:
    from openness.scan.command import run as run_scan

    return run_scan(args, out)


COMMANDS = {
    "list": cmd_list,
    "show": cmd_show,
    "score": cmd_score,
    "compare": cmd_compare,
    "explain": cmd_explain,
    "validate": cmd_validate,
    "schema": cmd_schema,
    "facts": cmd_facts,
    "new": cmd_new,
    "check": cmd_check,
    "diff": cmd_diff,
    "history": cmd_history,
    "audit": cmd_audit,
    "report": cmd_report,
    "badge": cmd_badge,
    "import": cmd_import,
    "scan": cmd_scan,
}


def run(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run a command line; return the exit status.  Used by ``main`` and by the tests."""
    out = out or sys.stdout
    err = err or sys.stderr
    from openness.textsafe import visible

    words = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    try:
        args = parser.parse_args(argv)
        if not args.command:
            parser.print_help(out)
            return EXIT_USAGE
        return COMMANDS[args.command](args, out)
    except UsageError as exc:
        err.write(f"openness: error: {visible(exc.message)}\n")  # one line, whatever a path holds
        return EXIT_USAGE
    except OpennessError as exc:
        for f in exc.findings:
            err.write(f"{f}\n")
        n = len(exc.findings)
        err.write(f"openness: {n} finding{'s' if n != 1 else ''}\n")
        return EXIT_FINDINGS
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP while writing a file (atomic.Terminated)
        err.write("openness: interrupted\n")
        return 128 + getattr(exc, "signum", 2)
    except BrokenPipeError:
        raise
    except OSError as exc:
        line = refused(exc)
        if line is None:
            return _internal(exc, err)
        # the environment refused (standard output on a full disk, a read-only folder): the
        # user's to fix, said in one line; what is still buffered for the output is dropped
        if out is sys.stdout:
            silence_stdout()
        err.write(line)
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        return _internal(exc, err)


def _internal(exc: BaseException, err: TextIO) -> int:
    """A bug in openness: one line (and the traceback with OPENNESS_DEBUG), exit status 3."""
    if os.environ.get("OPENNESS_DEBUG"):  # the traceback too, but the same exit status
        import traceback

        traceback.print_exception(exc, file=err)
    err.write(internal_error(exc))
    return EXIT_INTERNAL


#: Errors of the environment, not of openness: a full disk, a read-only filesystem, no permission.
_REFUSED = ("ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EFBIG", "EIO")


def refused(exc: OSError) -> str | None:
    """The one line for a write the environment refused (exit status 2), else None (a bug)."""
    import errno

    if exc.errno not in {getattr(errno, name) for name in _REFUSED if hasattr(errno, name)}:
        return None
    where = exc.filename if exc.filename is not None else "standard output"
    shown = "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in str(where))
    return f"openness: error: cannot write {shown}: {exc.strerror or exc}\n"


def internal_error(exc: BaseException) -> str:
    """The one line printed instead of a traceback (exit status 3)."""
    return f"openness: internal error: {type(exc).__name__}: {exc} (set OPENNESS_DEBUG=1 for the traceback, and please report it)\n"


def silence_stdout() -> int:
    """After the reader closed the pipe (``openness compare | head``): no more output, no error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_OK


def main() -> None:
    """Run the command line in ``sys.argv`` and exit with its status.  Every command computes its
    answer; the command (unlike a library call) keeps clean documents in the private cache."""
    import gc

    from openness import cache

    # A run builds thousands of records that live until it ends: collect cycles less often
    # (about 8% of a short run otherwise); memory is still bounded, and freed by reference counts.
    gc.set_threshold(50_000, 20, 20)
    cache.enable()
    try:
        code = run()
        if sys.stdout is not None:  # None when started with standard output closed (`>&-`)
            sys.stdout.flush()
    except BrokenPipeError:  # `openness compare | head`
        code = silence_stdout()
    except OSError as exc:  # the output can't be written (/dev/full): one line, not a traceback
        line = refused(exc)
        if line is not None:  # the environment's to fix: exit 2, and nothing more is written
            silence_stdout()
        try:
            sys.stderr.write(line or internal_error(exc))
        except (OSError, AttributeError):
            pass
        code = EXIT_USAGE if line is not None else EXIT_INTERNAL
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    main()
