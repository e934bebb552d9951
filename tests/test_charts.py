"""The charts: the expected series, not-applicable areas shown as such, any scale size, every format."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from assessment.document.context import Opened, create_assessment
from assessment.document.model import Rating
from assessment.errors import AssessmentError
from assessment.outputs.analysis import vote_medians
from assessment.outputs.charts import gap_figure, radar_figure, save_figure

LONG = "Samarbejde på tværs af afdelinger, kommuner og patientforeninger om svar"


def scale_yaml(levels: int, areas: int, caveat_at: int | None = None) -> str:
    """A valid da/en scale of any size, with long Danish area names."""

    def text(da: str, en: str) -> str:
        return f"{{da: '{da}', en: '{en}'}}"

    out = [
        "format: dialogue-maturity-scale/1",
        "id: sized",
        "version: '1'",
        "languages: [da, en]",
        f"name: {text('Skala', 'Scale')}",
        f"description: {text('Test', 'Test')}",
        f"dialogue_question: {text('Hvor?', 'Where?')}",
        "levels:",
    ]
    for n in range(1, levels + 1):
        out += [f"  - level: {n}", f"    name: {text(f'Trin {n} med et længere navn', f'Step {n}')}"]
        out += [f"    {field}: {text('Tekst', 'Text')}" for field in ("summary", "platform", "content", "organisation")]
        out += [f"    examples: {{hospital: {text('Eksempel', 'Example')}}}"]
        if n == caveat_at:
            out += [f"    caveat: {text('Forbehold for tavshedspligt', 'Mind confidentiality')}"]
    out.append("areas:")
    for a in range(areas):
        out += [
            f"  - id: area{a}",
            f"    name: {text(f'{LONG} {a}', f'Area {a}')}",
            f"    question: {text('Hvad?', 'What?')}",
            f"    guidance: {text('Se', 'Look')}",
            "    descriptors:",
        ]
        out += [f"      {n}: {text('Beskrivelse', 'Descriptor')}" for n in range(1, levels + 1)]
    return "\n".join(out) + "\n"


def sized(tmp_path: Path, levels: int, areas: int, lang: str = "da", caveat_at: int | None = None) -> Opened:
    """An assessment on a generated scale: area 1 not applicable, area 2 unrated, the rest rated."""
    scale = tmp_path / f"scale-{levels}-{areas}.yaml"
    scale.write_text(scale_yaml(levels, areas, caveat_at), encoding="utf-8")
    opened = create_assessment(tmp_path / f"a-{levels}-{areas}.json", str(scale), "Fjordby Kommune", lang=lang)
    ratings = []
    for i, area in enumerate(opened.scale.areas):
        if i == 1:
            ratings.append(Rating(area=area.id, not_applicable=True))
        elif i == 2:
            ratings.append(Rating(area=area.id))
        else:
            ratings.append(Rating(area=area.id, current=1 + i % levels, desired=levels - i % 2))
    opened.doc.ratings = ratings
    return opened


def texts(fig: Figure) -> str:
    found = [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]
    return "\n".join(found)


def series_lines(fig: Figure) -> list:
    """Lines carrying data: drawn with a marker (rings and grid lines have none)."""
    return [line for ax in fig.axes for line in ax.get_lines() if line.get_marker() not in (None, "None", "")]


def test_the_radar_shows_current_and_desired_with_a_legend_in_the_assessments_language(tmp_path):
    fig = radar_figure(sized(tmp_path, 5, 6))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Nuværende niveau", "Ønsket niveau"]
    assert "Nuværende og ønsket niveau pr. område" in texts(fig)
    assert {line.get_marker() for line in series_lines(fig)} == {"o", "s"}


def test_a_third_series_is_drawn_with_its_own_label_colour_style_and_marker(tmp_path):
    opened = sized(tmp_path, 5, 6)
    compare = {a.id: 2.5 for a in opened.scale.areas}
    fig = radar_figure(opened, compare, "Gruppens median")
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["Nuværende niveau", "Ønsket niveau", "Gruppens median"]
    handles = legend.legend_handles
    assert len({h.get_color() for h in handles}) == 3
    assert len({h.get_linestyle() for h in handles}) == 3
    assert len({h.get_marker() for h in handles}) == 3


def test_the_group_median_from_votes_can_be_the_third_series(tmp_path):
    opened = sized(tmp_path, 5, 4)
    medians = {area: current for area, (current, _) in vote_medians(opened).items()}
    assert radar_figure(opened, medians, "Median").legends[0].get_texts()[2].get_text() == "Median"


def test_not_applicable_areas_are_labelled_and_get_no_point(tmp_path):
    opened = sized(tmp_path, 5, 6)
    fig = radar_figure(opened)
    assert "(ikke relevant)" in texts(fig)
    assert "(ikke vurderet)" in texts(fig)
    rated = sum(1 for r in opened.doc.ratings if r.current is not None)
    current = next(line for line in series_lines(fig) if line.get_marker() == "o")
    assert len(current.get_xdata()) == rated
    assert 0 not in list(current.get_ydata())


def test_the_gap_chart_has_one_row_per_area_in_gap_order_and_marks_not_applicable(tmp_path):
    opened = sized(tmp_path, 5, 6)
    fig = gap_figure(opened)
    ax = fig.axes[0]
    labels = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert len(labels) == 6
    assert labels[-2:] == [f"{LONG} 1", f"{LONG} 2"]
    assert "Ikke relevant" in texts(fig) and "Ikke vurderet" in texts(fig)
    assert "Niveauer:" in texts(fig)


@pytest.mark.parametrize("levels", range(3, 11))
def test_any_number_of_levels_from_three_to_ten_draws_a_labelled_ring_for_each(tmp_path, levels):
    opened = sized(tmp_path, levels, 5)
    fig = radar_figure(opened)
    ax = fig.axes[0]
    numbers = [a for a in ax.texts if a.get_text().isdigit()]
    assert [a.get_text() for a in numbers] == [str(n) for n in range(1, levels + 1)], "each ring has its number"
    spokes = {round(angle, 6) for angle in ax.get_xticks()}
    assert all(round(a.xy[0], 6) not in spokes for a in numbers), "between the spokes, clear of the data points"
    assert all(a.get_fontsize() >= 9 for a in numbers)
    key = texts(fig).replace("\n", " ").replace("\N{NO-BREAK SPACE}", " ")
    for n in range(1, levels + 1):
        assert f"{n} Trin {n} med et længere navn" in key, "the key under the chart names each level"
    assert len(gap_figure(opened).axes[0].get_xticks()) == levels


@pytest.mark.parametrize("areas", [1, 2])
def test_fewer_than_three_areas_fall_back_to_a_level_profile(tmp_path, areas):
    opened = sized(tmp_path, 4, areas)
    fig = radar_figure(opened)
    assert fig.axes[0].name == "rectilinear"
    assert len(fig.axes[0].get_yticklabels()) == areas


def test_a_caveated_level_is_dashed_and_explained_below_the_chart(tmp_path):
    fig = radar_figure(sized(tmp_path, 4, 5, caveat_at=4))
    assert "Stiplet: niveau 4 (Trin 4 med et længere navn). Forbehold for tavshedspligt" in texts(fig).replace(
        "\n", " "
    )
    rings = [line for line in fig.axes[0].get_lines() if line.get_marker() in ("None", "")]
    assert [line.get_linestyle() for line in rings[:4]] == ["-", "-", "-", "--"]


def test_english_charts_speak_english(tmp_path):
    fig = radar_figure(sized(tmp_path, 4, 5, lang="en"))
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["Current level", "Desired level"]
    assert "(not applicable)" in texts(fig)


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")])
def test_save_figure_chooses_the_format_from_the_suffix(tmp_path, suffix, magic):
    folder = tmp_path / "out"
    folder.mkdir()
    out = save_figure(radar_figure(sized(tmp_path, 5, 6)), folder / f"radar{suffix}")
    assert out.read_bytes().startswith(magic)
    assert [p.name for p in folder.iterdir()] == [f"radar{suffix}"]


def test_png_is_print_resolution(tmp_path):
    import struct

    out = save_figure(gap_figure(sized(tmp_path, 5, 6)), tmp_path / "gap.png")
    width = struct.unpack(">I", out.read_bytes()[16:20])[0]
    assert width >= 7 * 200


def test_an_unknown_suffix_is_refused_and_writes_nothing(tmp_path):
    with pytest.raises(AssessmentError, match="unknown chart format '.gif'"):
        save_figure(radar_figure(sized(tmp_path, 5, 6)), tmp_path / "radar.gif")
    assert not (tmp_path / "radar.gif").exists()


@pytest.mark.parametrize("levels, areas", [(5, 6), (10, 10), (3, 3), (4, 8), (6, 2)])
def test_no_text_is_clipped_or_overlapping(tmp_path, levels, areas):
    """Labels stay inside the figure itself (it is often saved without cropping) and clear
    of each other; ring labels are checked against area labels too."""
    opened = sized(tmp_path, levels, areas, caveat_at=levels)
    for fig in (radar_figure(opened, {a.id: 2.5 for a in opened.scale.areas}, "Median"), gap_figure(opened)):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        canvas = fig.bbox
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        for t in texts:
            box = t.get_window_extent(renderer)
            assert canvas.x0 <= box.x0 and box.x1 <= canvas.x1 and canvas.y0 <= box.y0 and box.y1 <= canvas.y1, (
                t.get_text()
            )
        labels = [t.get_window_extent(renderer) for t in fig.axes[0].texts]
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                assert not a.overlaps(b)


def test_long_unbroken_labels_widen_the_figure_instead_of_leaving_it(tmp_path):
    opened = sized(tmp_path, 4, 5)
    scale = opened.scale.model_copy(
        update={
            "areas": [
                area.model_copy(update={"name": type(area.name)({"da": "W" * 40, "en": "W"})})
                for area in opened.scale.areas
            ]
        }
    )
    wide = Opened(opened.file, opened.doc, scale, opened.catalogue)
    for fig in (radar_figure(wide), gap_figure(wide)):
        assert fig.get_size_inches()[0] > 7.6
        renderer = fig.canvas.get_renderer()
        for t in fig.axes[0].texts + fig.axes[0].get_yticklabels():
            box = t.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= fig.bbox.x1
