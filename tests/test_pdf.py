"""The PDF a founder hands to a client or a board: cover, a one-page summary with the pictures,
colour-coded severity, the action plan, sources, every character of the firm's texts."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from advisor.app.action_plan import plan
from advisor.app.actions import downloads, report_pdf
from advisor.app.draft import Draft, set_plan
from advisor.reporting.pdf import FONT_DIR, SEVERITY_RGB, to_pdf
from tests.cases import case, report

PICTURE_TITLES = (
    "Capabilities",
    "Where you sit in the value chain",
    "Outcome-based deal: phases aligned?",
    "Your collaborations",
)


def pages(pdf: bytes, scale: float = 1.0) -> list:
    document = pdfium.PdfDocument(pdf)
    # The text with its line breaks as spaces: a name may wrap on the page.
    return [
        (" ".join(p.get_textpage().get_text_range().split()), p.render(scale=scale).to_pil().convert("RGB"))
        for p in document
    ]


def count_colour(image, rgb: tuple[int, int, int]) -> int:
    return sum(1 for pixel in image.get_flattened_data() if pixel == rgb)


def test_the_summary_page_carries_the_pictures_drawn_at_print_quality():
    rendered = pages(report_pdf(report("kitchen-sink"), case("kitchen-sink")), scale=2.0)  # 144 dpi
    cover_text, _ = rendered[0]
    assert "Kitchen Sink Ltd" in cover_text and "Business model review" in cover_text
    text, image = rendered[1]
    assert text.startswith("Summary: Kitchen Sink Ltd")
    # The pictures its answers fill; the value chain, which they leave blank, is named, not an empty frame.
    drawn = [t for t in PICTURE_TITLES if t != "Where you sit in the value chain"]
    assert all(title in text for title in drawn) and PICTURE_TITLES[1] not in text
    assert "Not drawn, for want of answers: the value chain." in text
    assert "First move:" in text
    # The pictures are drawn, not only titled: the capability bars, the phase matrix's cells (a
    # missing phase in red, a done one in green) and the severity badges show in their colours.
    for rgb in ((61, 106, 147), (76, 154, 106), (200, 85, 61), SEVERITY_RGB["high"]):
        assert count_colour(image, rgb) > 500, rgb
    assert "Supplier network" in text  # the collaboration map names its dots


def test_the_plan_as_the_founder_filled_it_in_sources_and_the_differing_phase_follow_the_summary():
    r = report("two-sided-r4")
    first, second = plan(r, {})[:2]
    saved = set_plan(Draft(), first.move_id, owner="Åsa Öberg", due="2027-02-01", done=True).plan
    saved = set_plan(Draft(plan=saved), second.move_id, owner="Jonas").plan
    pdf = next(d for d in downloads(r, case("two-sided-r4"), saved) if d.mime == "application/pdf")
    text = "\n".join(t for t, _ in pages(pdf.make()))
    assert "The next 90 days" in text and first.text[:40] in text
    assert f"Done {first.text[:30]}" in text and "Åsa Öberg 2027-02-01" in text
    assert f"Done {second.text[:30]}" not in text and "Jonas" in text
    assert "Sources" in text and "Sjödin et al. 2020" in text
    assert "Views differ: one activity missing for you" in text  # marked, never plain green


@pytest.mark.skipif(not (FONT_DIR / "DejaVuSans.ttf").exists(), reason="needs fonts-dejavu-core")
def test_every_character_of_the_firms_texts_prints_or_is_flagged():
    r = report("seamless-2005").model_copy(update={"firm_name": "Ålesund Ærø Ünal Ωmega Москва"})
    text = pages(to_pdf(r))[0][0]
    assert "Ålesund Ærø Ünal Ωmega Москва" in text
    assert "not in this server's fonts" not in text
    cjk = report("seamless-2005").model_copy(update={"firm_name": "北京 Seamless"})
    cover = pages(to_pdf(cjk))[0][0]
    assert "□□ Seamless" in cover and "not in this server's fonts" in cover  # said, not silently lost
