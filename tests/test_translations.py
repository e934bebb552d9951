"""Every text exists in every language a file declares, so no session shows another language."""

from __future__ import annotations

import datetime

from assessment.data.catalogue import default_catalogue
from assessment.data.i18n import format_date, format_number, locales, t
from assessment.data.scale import builtin_scales, load_scale
from assessment.data.text import texts_in


def test_the_catalogue_covers_danish_norwegian_and_english():
    assert default_catalogue().languages == ["da", "nb", "en"]


def test_the_catalogue_has_the_eight_general_purposes():
    assert default_catalogue().ids("purposes") == [
        "branding",
        "openness",
        "marketing",
        "education",
        "patient_pathway",
        "involvement",
        "crisis",
        "relations",
    ]


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


def test_every_organisation_type_has_its_own_example_at_every_level_of_the_built_in_scale():
    scale = load_scale(builtin_scales()["some-dialogue"])
    types = set(default_catalogue().ids("organisation_types")) - {"other"}
    for lv in scale.levels:
        assert types <= set(lv.examples), (lv.level, sorted(types - set(lv.examples)))


def test_level_5_names_what_drives_it_in_each_kind_of_organisation_and_the_caveat_covers_associations():
    top = load_scale(builtin_scales()["some-dialogue"]).levels[-1]
    driver = top.organisation("da")
    assert all(
        who in driver for who in ("klinisk afdeling", "kommune", "region", "patientforening", "national myndighed")
    )
    caveat = top.caveat("da")
    assert "artikel 9" in caveat and "privat forening" in caveat and "aftalt" in caveat and "samtykke" in caveat
    assert "databeskyttelsesrådgiveren rådgiver" in caveat and "ledelsen, der beslutter" in caveat


def test_auto_replies_and_house_rules_name_the_emergency_numbers_of_each_country():
    scale = load_scale(builtin_scales()["some-dialogue"])
    for lv in (scale.level(2), scale.level(3), scale.level(5)):
        assert "112" in lv.platform("da") and "lægevagten" in lv.platform("da")
        assert "113" in lv.platform("nb") and "116 117" in lv.platform("nb")
    both = scale.level(2).platform("en")
    assert all(number in both for number in ("112", "1813", "113", "116 117"))


def test_kpi_suggestions_mark_volume_counts_and_say_what_every_kpi_shows():
    kpis = {k.id: k for k in default_catalogue().kpis}
    assert {k for k, v in kpis.items() if v.volume} == {
        "answers_given",
        "reach",
        "followers",
        "post_reach",
        "post_shares",
        "post_video_views",
    }
    assert all(k.help is not None for k in kpis.values())
    assert {
        "response_rate",
        "first_reply_resolved",
        "rerouted_share",
        "response_time_p90",
        "sentiment",
        "tracked_signups",
        "health_data_hidden",
    } <= set(kpis)
    assert kpis["response_time_p90"].direction == "at_most" and kpis["health_data_hidden"].direction == "at_least"
    assert kpis["reach"].tip("da").startswith(kpis["reach"].metric("da")) and "opmærksomhed" in kpis["reach"].tip("da")


def test_the_words_the_review_asked_for():
    assert t("da", "field.target") == "Målværdi" and t("nb", "field.target") == "Måltall"
    assert "(" not in t("da", "field.social_purpose") and "purpose" not in t("da", "field.social_purpose")
    assert default_catalogue().name("purposes", "openness", "nb") == "Åpenhet og innblikk"
    nb = [
        *locales()["nb"].strings.values(),
        *(text("nb") for _, text in texts_in(load_scale(builtin_scales()["some-dialogue"]))),
        *(text("nb") for _, text in texts_in(default_catalogue())),
    ]
    assert [v for v in nb if "virksomhet" in v.lower() or "innsyn" in v.lower()] == []
    assert [v for v in locales()["en"].strings.values() if "effect goal" in v.lower()] == []
