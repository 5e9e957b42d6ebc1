"""`openness badge`: a shields-style SVG that is valid XML, escaped, coloured by the total."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

import openness
from openness.render import badge

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_badge_is_valid_xml_with_label_message_and_title(run):
    r = run("badge", "llama-2", "--rubric", "articles")
    assert r.code == 0 and r.err == ""
    root = ET.fromstring(r.out)
    card = openness.score(openness.load_catalog().model("llama-2"), openness.load_rubric("articles"))
    msg = f"{card.grade} · {card.total:.1f}"
    assert texts(r.out) == ["articles", "articles", msg, msg]
    assert root.find(f"{SVG}title").text == f"articles: {msg}"
    assert root.get("aria-label") == f"articles: {msg}" and root.get("height") == "20"
    fills = [rect.get("fill") for rect in root.iter(f"{SVG}rect")]
    assert badge.colour(card.total) in fills


def test_tiered_rubric_shows_the_tier_or_the_total(run):
    reached = texts(run("badge", "olmo", "--rubric", "osaid").out)[2]
    card = openness.score(openness.load_catalog().model("olmo"), openness.load_rubric("osaid"))
    assert card.tier and reached == f"{card.tier} · {card.total:.1f}"
    none = texts(run("badge", "gpt-4", "--rubric", "mof").out)[2]
    assert none.replace(".", "").isdigit()  # no tier reached: the total alone


@pytest.mark.parametrize(
    "total, colour", [(None, "#9f9f9f"), (0.0, "#e05d44"), (14.9, "#e05d44"), (15.0, "#fe7d37"), (59.9, "#a4a61d"), (60.0, "#97ca00"), (100.0, "#4c1")]
)
def test_colour_follows_the_total(total, colour):
    assert badge.colour(total) == colour


def test_text_is_escaped():
    label, msg = "rub<ric>&\"x'", "</text><script>alert(1)</script>"
    out = badge.svg(label, msg, "#4c1")
    root = ET.fromstring(out)  # still well-formed
    assert texts(out) == [label, label, msg, msg]
    assert not list(root.iter(f"{SVG}script")) and "<script>" not in out
    wider = badge.svg(label, msg + msg, "#4c1")
    assert int(ET.fromstring(wider).get("width")) > int(root.get("width"))


def test_badge_to_a_file_refuses_to_overwrite(run, tmp_path):
    target = tmp_path / "badge.svg"
    r = run("badge", "llama-3.1", "--rubric", "commercial", "--out", str(target))
    assert r.code == 0 and f"wrote {target}" in r.out
    first = target.read_bytes()
    ET.fromstring(first)
    r = run("badge", "llama-3.1", "--rubric", "commercial", "--out", str(target))
    assert r.code == 2 and "--force" in r.err
    assert run("badge", "llama-3.1", "--rubric", "commercial", "--out", str(target), "--force").code == 0
    assert target.read_bytes() == first  # deterministic
    assert run("badge", "no-such-model").code == 2
