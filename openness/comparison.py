"""compare(models, rubrics) -> Comparison: scorecards side by side, ranked, as a Table."""

from __future__ import annotations

from collections.abc import Sequence

from openness import frozen as attrs
from openness.records import Model
from openness.render import Table, fmt_number
from openness.rubric import Rubric
from openness.scoring import Scorecard, Shared, score

SCORECARD_FORMAT = "openness-scorecard/1"


def _rank_key(cards: Sequence[Scorecard]) -> tuple[object, ...]:
    first = cards[0]
    return (first.total is None, -(first.total or 0.0), first.model_id)


@attrs.frozen
class Comparison:
    """Every model scored under every rubric, ranked by the first rubric's total."""

    rubrics: tuple[Rubric, ...]
    #: One tuple of scorecards per model (one per rubric, in rubric order), best first.
    rows: tuple[tuple[Scorecard, ...], ...]
    #: The data version of the catalog the models came from (``Catalog.version``), when known.
    catalog_version: str | None = None

    def table(self, detail: bool | None = None) -> Table:
        """A column per criterion for one rubric (``detail``), else total and grade per rubric."""
        detail = len(self.rubrics) == 1 if detail is None else detail
        headers = ["#", "model"]
        align = ["right", "left"]
        if detail:
            rubric = self.rubrics[0]
            for i, c in enumerate(rubric.criteria):
                maxes = {round(cards[0].results[i].max_points, 1) for cards in self.rows}
                headers.append(f"{c.id} /{maxes.pop():.1f}" if len(maxes) == 1 else c.id)
                align.append("right")
        for r in self.rubrics:
            label = "class" if r.tiers else "grade"
            headers += [f"{r.id} total" if len(self.rubrics) > 1 else "total", f"{r.id} {label}" if len(self.rubrics) > 1 else label]
            align += ["right", "left"]
        headers.append("unknown")
        align.append("right")
        rows = []
        for n, cards in enumerate(self.rows, 1):
            row = [str(n), cards[0].model_name]
            if detail:
                for res in cards[0].results:
                    row.append("unknown" if not res.known else fmt_number(res.points))
            for card in cards:
                row += [fmt_number(card.total), card.label]
            row.append(str(sum(c.unknown for c in cards)))
            rows.append(tuple(row))
        notes = ("Totals are on 0-100. Criterion columns show the points earned; 'unknown' marks a fact nobody could source.",)
        return Table(tuple(headers), tuple(rows), self.to_dict, tuple(align), notes)  # json data: built only for json

    def render(self, fmt: str = "text") -> str:
        return self.table().render(fmt)

    def to_records(self) -> list[dict[str, object]]:
        """One plain dict per model, best first, with numbers as numbers (``None`` for unknown):
        what ``pandas.DataFrame(...)`` or ``polars.DataFrame(...)`` take directly.  With one
        rubric, each criterion's points are columns too, as in the table."""
        records: list[dict[str, object]] = []
        for n, cards in enumerate(self.rows, 1):
            rec: dict[str, object] = {"rank": n, "model": cards[0].model_id, "name": cards[0].model_name}
            if len(self.rubrics) == 1:
                for res in cards[0].results:
                    rec[res.id] = round(res.points + 0.0, 2) if res.known else None
            for card in cards:
                prefix = f"{card.rubric_id} " if len(self.rubrics) > 1 else ""
                rec[f"{prefix}total"] = None if card.total is None else round(card.total + 0.0, 2)
                rec[f"{prefix}{'class' if card.tiers else 'grade'}"] = card.label
            rec["unknown"] = sum(c.unknown for c in cards)
            records.append(rec)
        return records

    def _repr_html_(self) -> str:
        """The comparison as an HTML table in a notebook, escaped like the report."""
        return self.table()._repr_html_()

    def to_dict(self) -> dict[str, object]:
        return {
            "format": SCORECARD_FORMAT,
            **({"catalog": {"version": self.catalog_version}} if self.catalog_version else {}),
            "rubrics": [{"id": r.id, "title": r.title, "version": r.version} for r in self.rubrics],
            "models": [
                {"rank": n, "model": cards[0].model_id, "name": cards[0].model_name, "scorecards": [c.to_dict() for c in cards]}
                for n, cards in enumerate(self.rows, 1)
            ],
        }


def compare(models: Sequence[Model], rubrics: Rubric | Sequence[Rubric], *, catalog_version: str | None = None) -> Comparison:
    """Score every model under every rubric; rank by the first rubric's total, then by id."""
    rubric_list = (rubrics,) if isinstance(rubrics, Rubric) else tuple(rubrics)
    if not rubric_list:
        raise ValueError("compare needs at least one rubric")
    shared = [Shared() for _ in rubric_list]  # what every model's scoring under a rubric shares
    rows = [tuple(score(m, r, sh) for r, sh in zip(rubric_list, shared)) for m in models]
    rows.sort(key=_rank_key)
    return Comparison(rubric_list, tuple(rows), catalog_version)
