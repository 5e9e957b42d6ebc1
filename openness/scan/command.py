"""The ``openness scan`` command: its options, where the policy comes from, its exit status."""

from __future__ import annotations

import argparse
from pathlib import Path

from openness.errors import UsageError

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

SCAN_EPILOG = """\
the policy (what you intend to do with the models), first found of:
  --policy FILE                 a policy YAML file (`openness schema policy` prints its schema)
  [tool.openness.policy]        in the nearest pyproject.toml (from the first PATH up)
and the use-case flags below add to it.

exit status:
  0  passed: no model is blocked (unknown and conditional models are reported as the policy says)
  6  blocked: a model is blocked by a license term or a deny list (the clause is named)
  5  unknown: a model cannot be judged and the policy says `unknown: block`
  4  conditional: a model is allowed on conditions and the policy says `conditional: block`
  1  findings: the policy file is wrong (each finding is printed as file:line:col: message)
  2  usage error
  3  internal error (a bug in openness: please report it)

formats: text, github (workflow annotations), json, sarif (SARIF 2.1.0, for code scanning),
cyclonedx (a CycloneDX 1.6 ML-BOM: one component per model, licenses, lineage as pedigree)

examples:
  openness scan
  openness scan src deploy --commercial --mau 800M
  openness scan --policy policy.yaml --format sarif --out openness.sarif
  openness scan --format cyclonedx --out ml-bom.json
"""


def add_parser(cmd: Any) -> None:
    p = cmd("scan", "find the models a codebase uses and check each against a policy; text, GitHub annotations, SARIF or a CycloneDX ML-BOM")
    p.epilog = SCAN_EPILOG
    p.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files and folders to scan (default: the working folder)")
    p.add_argument(
        "--policy", metavar="FILE", help="a policy YAML file (default: [tool.openness.policy] of the nearest pyproject.toml, from the first PATH up)"
    )
    p.add_argument("--no-pyproject", action="store_true", help="do not read [tool.openness.policy] from pyproject.toml")
    u = p.add_argument_group("the use case (adds to the policy)")
    from openness.cli import add_usecase_flags

    add_usecase_flags(u)
    u.add_argument("--unknown", choices=["warn", "block"], help="a model that cannot be judged: report it (warn) or fail (block)")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="a path pattern not to read; repeatable")
    p.add_argument("--format", "-f", default="text", metavar="F", help="text, github, json, sarif or cyclonedx")
    p.add_argument("--out", "-o", metavar="FILE", help="write the report to FILE (atomically) instead of standard output")
    p.add_argument("--force", action="store_true", help="replace --out FILE if it exists")


def _policy(args: argparse.Namespace) -> Any:
    from openness import frozen as attrs
    from openness.scan.policy import Policy, find_pyproject, policy_from_pyproject, read_policy

    policy = None
    if args.policy:
        policy = read_policy(args.policy)
    elif not args.no_pyproject:
        first = Path(args.paths[0]) if args.paths else Path.cwd()
        found = find_pyproject(first if first.is_dir() else first.parent)
        if found is not None:
            policy = policy_from_pyproject(found)
    policy = policy or Policy()
    changes: dict[str, Any] = {}
    for name in ("commercial", "fine_tune", "distill", "redistribute", "self_host", "hosted_service"):
        if getattr(args, name):
            changes[name] = True
    if args.mau is not None:
        changes["monthly_active_users"] = args.mau
    if args.revenue is not None:
        changes["annual_revenue_usd"] = args.revenue
    if args.field_of_use:
        changes["field_of_use"] = (*policy.usecase.field_of_use, *args.field_of_use)
    if changes:
        source = policy.source if policy.source != "the command line" else ""
        policy = attrs.evolve(policy, usecase=attrs.evolve(policy.usecase, **changes), source=(f"{source} and " if source else "") + "the command line")
    if args.unknown:
        policy = attrs.evolve(policy, unknown=args.unknown)
    return policy


def run(args: argparse.Namespace, out: TextIO) -> int:
    from openness.scan import scan
    from openness.scan.formats import FORMATS

    if args.format not in FORMATS:
        raise UsageError(f"unknown format {args.format!r}; expected one of {', '.join(FORMATS)}")
    for p in args.paths:
        if not Path(p).exists():
            raise UsageError(f"no such file or folder: {p}")
    policy = _policy(args)
    from openness.cli import _folders

    report = scan(args.paths, None, policy, args.exclude, _folders(args, "catalog"))
    text = report.render(args.format)
    if args.out and args.out != "-":
        from openness.atomic import write_text

        write_text(args.out, text, force=args.force)
        if args.format != "text":
            from openness.scan.formats import text as as_text

            summary = as_text(report).rstrip("\n").rsplit("\n", 1)[-1]
            out.write(summary + f"\nwrote {args.out}\n")
        else:
            out.write(f"wrote {args.out}\n")
    else:
        out.write(text)
    return exit_status(report)


def exit_status(report: Any) -> int:
    from openness.cli import EXIT_BLOCKED, EXIT_CONDITIONAL, EXIT_OK, EXIT_UNKNOWN

    failing = {f.verdict for f in report.findings if report.policy.fails(f.verdict)}
    for verdict, code in (("blocked", EXIT_BLOCKED), ("unknown", EXIT_UNKNOWN), ("conditional", EXIT_CONDITIONAL)):
        if verdict in failing:
            return code
    return EXIT_OK
