"""Importers: other people's records -> model records in this catalog's vocabulary.

* ``hf-card`` — a Hugging Face model card (README.md with YAML front matter);
* ``mot`` — a Model Openness Tool record (lfai/model_openness_tool ``models/*.yml``);
* ``osai`` — a European Open Source AI Index record (Language-Technology-Assessment/main-database).

Each writes a new file (atomically; an existing file is replaced only with ``--force``) or prints
the record with ``--out -``.  The record is checked as ``openness validate`` checks it before it
is written.  This module only builds the command's parser; the importers load on first use.
"""

from __future__ import annotations

import argparse
from pathlib import Path

TYPE_CHECKING = False  # typing's own flag, without importing typing at run time
if TYPE_CHECKING:
    from typing import Any, TextIO

KINDS = {
    "hf-card": ("openness.importers.hf_card", "import_card", "a Hugging Face model card (README.md with YAML front matter)"),
    "mot": ("openness.importers.mot", "import_mot", "a Model Openness Tool record (lfai/model_openness_tool models/*.yml)"),
    "osai": ("openness.importers.osai", "import_osai", "an Open Source AI Index record (Language-Technology-Assessment/main-database)"),
}

IMPORT_EPILOG = """\
Every imported fact cites the file it came from: its published address (the hub card's address
from --repo, or --source for mot and osai) or, when the file lies in a folder evidence may cite
(the shipped data, a --catalog folder, or the folder the record is written to), the file itself.
A file that can be cited neither way gives explained unknowns.

A folder (the MOT's models/, the Open Source AI Index's records) is imported whole, in one process
(a progress bar on a terminal): one record per file into --out DIR/models/, each citing its file at
https://github.com/OWNER/NAME/blob/COMMIT/PATH, the commit from --commit or the folder's checkout.

examples:
  openness import mot model_openness_tool/models --out mot-catalog
  openness import osai main-database --commit 5a388e871b88735e7ab7e6fb230b76c9d460d99a --out osai-catalog
  openness compare mot-catalog --rubric mof
  openness import osai main-database --diff
  openness import hf-card ./Llama-3.1-8B/README.md --repo meta-llama/Llama-3.1-8B --out -
  openness import mot Amber.yml --source https://github.com/lfai/model_openness_tool/blob/main/models/Amber.yml
  openness import osai "AMD OLMo.yaml" --out catalog/models/amd-olmo.yaml --force

exit status: 0 written, 1 findings in the input file, 2 usage error (the file to write exists, an
unknown option), 3 internal error.
"""


def add_parsers(cmd: Any) -> None:
    """The ``import`` command and its kinds (``cmd`` is the CLI's parser factory)."""
    p = cmd("import", "import a Hugging Face model card, a Model Openness Tool record or an Open Source AI Index record as a model record")
    p.epilog = IMPORT_EPILOG
    kinds = p.add_subparsers(dest="import_kind", metavar="KIND", parser_class=type(p))
    kinds.required = True
    for kind, (_mod, _fn, help_text) in KINDS.items():
        k = kinds.add_parser(
            kind,
            help=help_text,
            description=f"Import {help_text} as a model record.",
            epilog=IMPORT_EPILOG,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        k.add_argument(
            "path", metavar="PATH", help="the file to import" + ("" if kind == "hf-card" else ", or a folder of them (the whole database: see --commit)")
        )
        k.add_argument(
            "--out",
            "-o",
            metavar="FILE",
            help="where to write the record ('-' for standard output; default catalog/models/<id>.yaml); for a folder, the catalog folder DIR to write DIR/models/<id>.yaml to",
        )
        k.add_argument("--force", action="store_true", help="replace the file if it exists")
        k.add_argument("--id", dest="model_id", metavar="ID", help="the record's id (default: from the model's name)")
        if kind == "hf-card":
            k.add_argument(
                "--repo",
                metavar="OWNER/NAME",
                help="the card's hub repository (gives the evidence address https://huggingface.co/OWNER/NAME/blob/main/README.md)",
            )
        else:
            k.add_argument("--source", metavar="URL", help="the https:// address the file is published at (the evidence source)")
            k.add_argument("--commit", metavar="SHA", help="folder: the database commit the folder holds (default: the folder's git checkout's HEAD)")
            k.add_argument(
                "--repository",
                metavar="OWNER/NAME",
                help="folder: the database's GitHub repository (default: "
                + ("lfai/model_openness_tool" if kind == "mot" else "Language-Technology-Assessment/main-database")
                + ")",
            )
            k.add_argument(
                "--path-in-repo",
                metavar="PATH",
                help="folder: the folder's path inside the repository (default: from the checkout, else " + ("models" if kind == "mot" else "the top") + ")",
            )
            if kind == "osai":
                k.add_argument(
                    "--diff", action="store_true", help="folder: write nothing; show how the catalog's osai.* facts differ from the records in the folder"
                )
        k.add_argument(
            "--catalog",
            action="append",
            default=argparse.SUPPRESS,
            metavar="DIR",
            help="a catalog folder of your own whose licenses and models the import may name; repeatable",
        )


def run_import(args: argparse.Namespace, out: TextIO) -> int:
    import importlib
    import re

    from openness.catalog import load_catalog
    from openness.errors import OpennessError, UsageError
    from openness.importers.common import check_record, dump_record, evidence_roots, write_record

    module, func, _help = KINDS[args.import_kind]
    path = Path(args.path)
    if path.is_dir() and args.import_kind != "hf-card":
        from openness.importers.folder import run_folder

        return run_folder(args, out)
    if getattr(args, "diff", False) or getattr(args, "commit", None):
        raise UsageError("--diff and --commit apply to a folder of records")
    if not path.is_file():
        raise UsageError(f"no such file: {args.path}")
    if args.model_id is not None and (not re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", args.model_id) or len(args.model_id) > 80):
        raise UsageError(f"expected an id of lower-case letters, digits and . _ + - ; found {args.model_id!r}")
    from openness import project as proj

    given = tuple(getattr(args, "catalog", []) or [])
    here = proj.for_writing()
    mine = () if here.checkout else tuple(map(str, here.existing("catalog")))
    catalogs = (*mine, *given)
    catalog = load_catalog(*catalogs)
    models_dir = here.catalog[0] / "models"
    to_stdout = args.out == "-"
    if args.out == "":
        raise UsageError("expected a file name after --out (or - for standard output); found an empty one")
    target = None if to_stdout or not args.out else Path(args.out)
    kwargs: dict[str, Any] = {"model_id": args.model_id, "catalog_dirs": catalogs}
    if args.import_kind == "hf-card":
        kwargs["repo"] = args.repo
    else:
        kwargs["source"] = args.source
    if args.model_id is None and target is not None:  # `openness validate` wants the id to be the file name
        if not re.fullmatch(r"[a-z0-9][a-z0-9._+-]*", target.stem) or len(target.stem) > 80:
            raise UsageError(f"expected --out to name a file <id>.yaml with a lower-case id (letters, digits, . _ + -); found {target.name!r} (or give --id)")
        kwargs["model_id"] = target.stem
    importer = getattr(importlib.import_module(module), func)
    # the default target depends on the id, which depends on the file: import once to learn it
    if target is None and not to_stdout:
        record = importer(path, catalog, out=(models_dir / "x.yaml").resolve(), **kwargs)
        target = _shown(models_dir / f"{record['id']}.yaml")
    record = importer(path, catalog, out=target.resolve() if target else None, **kwargs)
    if target is not None and target.exists() and not args.force:
        raise UsageError(f"{target} exists; not overwriting it (use --force to replace it)")
    folder = target.resolve().parent if target else Path.cwd()
    kind_label = {"hf-card": "a Hugging Face model card", "mot": "a Model Openness Tool record", "osai": "an Open Source AI Index record"}[args.import_kind]
    text = dump_record(
        record, proj.schema_line("model", folder, here), [f"Imported from {kind_label} by `openness import {args.import_kind}`; review before committing."]
    )
    roots = evidence_roots(target.resolve() if target else None, catalogs)
    problems = check_record(text, str(target or "<stdout>"), roots)
    if problems:  # pragma: no cover - a bug in an importer: never write an invalid record
        raise OpennessError(problems)
    message = write_record(text, "-" if to_stdout else str(target), target or Path("-"), args.force, out)
    if message and given:
        message = message.rstrip("\n") + "".join(f" --catalog {c}" for c in given) + "\n"
    out.write(message)
    if target is not None and proj.schema_line("model", folder, here) is None:
        out.write(SCHEMA_HINT)
    return 0


SCHEMA_HINT = "no schema line written: `openness schema --write` puts the JSON Schemas beside your files for your editor\n"


def _shown(path: Path) -> Path:
    """A path as it is shown: relative to the working folder where it is inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path
