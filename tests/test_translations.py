"""Every text exists in every language a file declares, so no session shows another language."""
from __future__ import annotations

import datetime

from assessment.catalogue import default_catalogue
from assessment.i18n import format_date, format_number, locales, t
from assessment.scale import builtin_scales, load_scale


def test_the_catalogue_covers_danish_norwegian_and_english():
    assert default_catalogue().languages == ["da", "nb", "en"]


def test_the_catalogue_has_the_eight_general_purposes():
    assert default_catalogue().ids("purposes") == [
        "branding", "openness", "marketing", "education", "patient_pathway", "involvement", "crisis", "relations"]


def test_every_language_of_every_shipped_scale_has_a_locale():
    for path in builtin_scales().values():
        assert set(load_scale(path).languages) <= set(locales()), path


def test_the_locales_hold_the_same_keys():
    keys = {lang: set(loc.strings) for lang, loc in locales().items()}
    assert keys["da"] == keys["nb"] == keys["en"]


def test_texts_fill_in_their_placeholders():
    assert t("da", "level.label", number=5) == "Niveau 5"
    assert t("nb", "level.label", number=5) == "Nivå 5"


def test_numbers_and_dates_are_written_the_local_way():
    day = datetime.date(2026, 11, 22)
    assert (format_number(2.5, "da"), format_number(20000, "da"), format_number(7, "da")) == ("2,5", "20.000", "7")
    assert format_number(20000, "nb") == "20\u00a0000"
    assert format_number(1234.5, "en") == "1,234.5"
    assert format_date(day, "da") == "22. november 2026"
    assert format_date(day, "nb") == "22. november 2026"
    assert format_date(day, "en") == "22 November 2026"
