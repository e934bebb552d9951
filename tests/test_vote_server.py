"""The vote server through plain HTTP, as a phone without JavaScript uses it: join, vote,
change a vote; and everything it must refuse without losing what was typed."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from assessment.document.context import open_assessment
from assessment.document.merge import merge
from assessment.document.store import AssessmentFile
from assessment.server.config import beacon_path, read_beacon
from assessment.workshop import room

from .voteserver import Phone, Served, nothing_put_to_the_room


@pytest.fixture
def path(example_copy):
    """The hospital example with no item put to the room yet."""
    return nothing_put_to_the_room(example_copy("hospital-da.json"))


def consultant(path, change):
    """The consultant's kernel: another writer of the same file."""
    opened = open_assessment(path)
    change(opened.doc, opened.scale)
    opened.file.save(opened.doc)


@pytest.fixture
def served(path):
    consultant(path, lambda doc, scale: room.open_item(doc, scale, "dialogue"))
    server = Served(path)
    yield server
    server.close()


@pytest.fixture
def phone(served):
    found = Phone(served)
    yield found
    found.close()


def votes(served, key="dialogue"):
    poll = served.on_disk().room.poll(key)
    return {v.voter: (v.current, v.desired, v.comment) for v in poll.round.votes}


def test_a_participant_joins_by_name_votes_and_changes_the_vote(served, phone):
    page = phone.join("p3")
    assert page.status_code == 200 and str(page.url).endswith("/vote")
    assert "Du stemmer som Birgitte Mølgaard" in page.text
    assert "Hvor er I i dag?" in page.text and "Dialogniveau" in page.text
    page = phone.vote({"dialogue": ("2", "4", "Vi svarer for langsomt")})
    assert page.status_code == 200 and "Gemt kl." in page.text
    assert votes(served) == {"p3": (2, 4, "Vi svarer for langsomt")}
    assert 'value="2" checked' in page.text, "the form shows the stored vote"
    phone.vote({"dialogue": ("3", "unknown", "")})
    assert votes(served) == {"p3": (3, None, "")}, "changed, not added"


def test_an_anonymous_voter_is_stored_under_a_random_pseudonym(served, phone):
    page = phone.join("anonymous")
    assert "Du stemmer som anonym" in page.text
    phone.vote({"dialogue": ("1", "3")})
    (voter,) = votes(served)
    assert voter.startswith("anon-")
    assert [v.anonymous for v in served.on_disk().room.voters] == [True]


def test_the_short_address_takes_the_code_in_any_case_and_refuses_a_wrong_one(served, phone):
    short = served.serving.short_url
    phone.get(short)
    code = served.room.box.doc.room.code
    wrong = phone.post(short, {"code": "ZZZZ" if code != "ZZZZ" else "YYYY"})
    assert wrong.status_code == 400 and "Koden passer ikke" in wrong.text
    right = phone.post(short, {"code": f" {code[:2].lower()} {code[2:]} "})
    assert right.status_code == 200 and str(right.url) == served.join_url and "Hvem er du?" in right.text


def test_guessing_the_code_is_stopped_after_ten_tries(served, phone):
    short = served.serving.short_url
    phone.get(short)
    statuses = [phone.post(short, {"code": "QQQQ"}).status_code for _ in range(12)]
    assert statuses[:10] == [400] * 10 and statuses[-1] == 429


def test_a_forged_token_is_refused_and_stores_nothing(served, phone):
    phone.join("p1")
    forged = served.join_url.replace(served.room.box.doc.room.token, "x" * 24)
    assert phone.get(forged).status_code == 404
    phone.get(phone.vote_url())
    answer = phone.post(forged + "vote", {**phone.form(), "current.dialogue": "2", "desired.dialogue": "3"})
    assert answer.status_code == 404 and "Linket gælder ikke" in answer.text
    assert votes(served) == {}


def test_a_form_carrying_another_participants_id_is_refused_and_keeps_what_was_typed(served, phone):
    phone.join("p1")
    page = phone.vote({"dialogue": ("2", "3", "min kommentar")}, voter="p2")
    assert page.status_code == 403 and "hører til en anden deltager" in page.text
    assert "min kommentar" in page.text and 'value="2" checked' in page.text
    assert votes(served) == {}


def test_a_forged_cookie_is_no_voter(served, phone):
    phone.join("p1")
    phone.http.cookies.set("dmw_voter", "p2")  # unsigned: what anyone could type
    page = phone.get(phone.vote_url())
    assert "Hvem er du?" in page.text, "sent back to the join page"


def test_a_level_outside_the_scale_is_refused_and_the_comment_kept(served, phone):
    phone.join("p1")
    page = phone.vote({"dialogue": ("9", "3", "vigtig pointe")})
    assert page.status_code == 400
    assert "Vælg et af niveauerne" in page.text and "vigtig pointe" in page.text
    assert votes(served) == {}
    page = phone.vote({"dialogue": ("2", "", "")})
    assert page.status_code == 400 and "Vælg både" in page.text


def test_a_form_without_its_csrf_key_is_refused_with_the_answers_kept(served, phone):
    phone.join("p1")
    phone.get(phone.vote_url())
    page = phone.post(
        phone.vote_url(),
        {**phone.form(), "current.dialogue": "2", "desired.dialogue": "4", "comment.dialogue": "behold mig"},
        xsrf=False,
    )
    assert page.status_code == 403 and "for gammel" in page.text and "behold mig" in page.text
    assert votes(served) == {}


def test_a_name_taken_on_another_phone_cannot_be_taken_again(served, phone):
    phone.join("p1")
    other = Phone(served)
    page = other.join("p1")
    assert page.status_code == 400 and "allerede valgt på en anden telefon" in page.text
    assert 'value="p1" disabled' in page.text.replace(" required", "") or "disabled" in page.text
    other.close()


def test_voting_closes_when_the_consultant_reveals_and_the_answer_stays_on_the_phone(served, path, phone):
    phone.join("p1")
    phone.get(phone.vote_url())
    form = phone.form()
    consultant(path, lambda doc, scale: room.reveal(doc, "dialogue"))
    page = phone.post(
        phone.vote_url(), {**form, "current.dialogue": "2", "desired.dialogue": "4", "comment.dialogue": "for sent"}
    )
    assert page.status_code == 409 and "lukket for stemmer" in page.text and "for sent" in page.text
    assert votes(served) == {}


def test_an_item_the_consultant_opens_reaches_the_phones(served, path, phone):
    phone.join("p1")
    before = phone.http.get(served.join_url + "state").json()["version"]
    consultant(path, lambda doc, scale: room.open_item(doc, scale, "area:content"))
    assert phone.http.get(served.join_url + "state").json()["version"] != before
    assert "Indhold og stil" in phone.get(phone.vote_url()).text


def test_a_vote_on_an_item_opened_after_the_phone_joined_is_stored(served, path, phone):
    phone.join("p1")
    phone.vote({"dialogue": ("2", "3")})
    consultant(path, lambda doc, scale: room.open_item(doc, scale, "area:content"))
    page = phone.vote({"area:content": ("1", "2")})
    assert page.status_code == 200 and "Gemt kl." in page.text
    assert votes(served, "area:content") == {"p1": (1, 2, "")}


def test_the_page_speaks_the_chosen_language(served):
    norwegian = Phone(served, lang="nb-NO,nb;q=0.9")
    assert "Hvem er du?" in norwegian.get(served.join_url).text and 'lang="nb"' in norwegian.page.text
    english = norwegian.get(served.join_url + "?lang=en")
    assert "Who are you?" in english.text
    assert "Who are you?" in norwegian.get(served.join_url).text, "the choice is kept"
    norwegian.close()


def test_pages_load_nothing_from_elsewhere_and_nothing_else_is_served(served, phone):
    page = phone.get(served.join_url)
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "http" not in page.text.split("<body>")[0].replace('content="width=device-width', "")
    for probe in ("static/style.css", "w/", "favicon.ico", "w/%2e%2e/", "w/x/../../vote"):
        assert phone.get(served.serving.short_url + probe).status_code == 404, probe


def test_a_survey_takes_no_vote_after_its_deadline(path):
    server = Served(path, survey=True, until=datetime.now(timezone.utc) - timedelta(minutes=1))
    try:
        phone = Phone(server)
        page = phone.join("p1")
        assert "Spørgeskemaet lukkede" in page.text and "Gem min stemme" not in page.text
    finally:
        server.close()


def test_a_survey_opens_every_item(path):
    server = Served(path, survey=True)
    try:
        phone = Phone(server)
        phone.join("p2")
        keys = [k.removeprefix("round.") for k in phone.form() if k.startswith("round.")]
        assert keys == [
            "dialogue",
            *(f"area:{a}" for a in ("purpose", "dialogue", "structure", "resources", "processes", "content")),
        ]
        phone.vote({"dialogue": ("2", "4"), "area:content": ("1", "3")})
        assert votes(server, "area:content") == {"p2": (1, 3, "")}
        assert votes(server, "area:purpose") == {}
    finally:
        server.close()


def test_thirty_phones_voting_at_once_are_all_stored(path):
    server = Served(path, survey=True)
    keys = ["dialogue", "area:purpose", "area:content"]
    phones = [Phone(server) for _ in range(30)]
    problems: list[str] = []

    def take_part(i: int, phone: Phone) -> None:
        try:
            phone.join("anonymous")
            page = phone.vote({key: (str(1 + i % 5), str(1 + (i + 2) % 5)) for key in keys})
            if page.status_code != 200:
                problems.append(f"{i}: {page.status_code}")
        except httpx.HTTPError as exc:
            problems.append(f"{i}: {exc}")

    threads = [threading.Thread(target=take_part, args=(i, p)) for i, p in enumerate(phones)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert problems == []
        doc = server.on_disk()
        assert len(doc.room.voters) == 30
        for key in keys:
            assert len(doc.room.poll(key).round.votes) == 30, key
        assert server.room.box.saves < 30 * (len(keys) + 1), "votes arriving together share a save"
    finally:
        for p in phones:
            p.close()
        server.close()


def test_the_server_leaves_a_note_beside_the_file_while_it_runs(path):
    server = Served(path)
    assert read_beacon(path)["url"] == server.join_url
    server.close()
    assert not beacon_path(path).exists()
    assert AssessmentFile(path).load().room.run is None


def release(phone):
    """Press "Remove my name from my votes" on the vote page."""
    phone.get(phone.vote_url())
    return phone.post(phone.served.join_url + "release", {"voter": phone.form()["voter"]})


def test_a_participant_who_joined_by_name_can_go_on_anonymously_and_their_votes_keep_counting(served, path, phone):
    phone.join("p3")
    phone.vote({"dialogue": ("2", "4", "Vi svarer for langsomt")})
    consultant(path, lambda doc, scale: room.reveal(doc, "dialogue"))
    waiting = phone.get(phone.vote_url()).text
    assert "Der er ikke åbnet et spørgsmål" in waiting and "Fjern mit navn fra mine stemmer" in waiting
    consultant(path, lambda doc, scale: room.revote(doc, "dialogue"))
    assert "Fjern mit navn fra mine stemmer" in phone.get(phone.vote_url()).text
    page = release(phone)
    assert page.status_code == 200 and str(page.url).endswith("/vote?released=1")
    assert "Dit navn er fjernet. Du stemmer nu anonymt" in page.text and "Du stemmer som anonym." in page.text
    assert "Birgitte" not in page.text and "Fjern mit navn" not in page.text
    doc = served.on_disk()
    (pseudonym,) = [v.id for v in doc.room.voters]
    assert pseudonym.startswith("anon-") and all(v.anonymous for v in doc.room.voters)
    first = doc.room.poll("dialogue").rounds[0]
    assert [(v.voter, v.current, v.desired, v.comment) for v in first.votes] == [
        (pseudonym, 2, 4, "Vi svarer for langsomt")
    ], "the earlier round's vote counts, under the pseudonym"
    assert "p3" not in doc.model_dump_json(include={"room"}), "nothing in the room names her any more"
    backup = path.with_name(path.name + ".bak").read_text(encoding="utf-8")
    assert '"p3"' not in backup.split('"room"')[1], "nor does the store's backup of the file"
    phone.vote({"dialogue": ("3", "4")})
    assert votes(served) == {pseudonym: (3, 4, "")}, "the phone votes on, anonymously"
    other = Phone(served)
    assert "Du stemmer som Birgitte Mølgaard" in other.join("p3").text, "the name is free again"
    other.close()


def test_releasing_a_name_needs_the_phones_own_form(served, phone):
    phone.join("p3")
    phone.vote({"dialogue": ("2", "4")})
    phone.get(phone.vote_url())
    assert phone.post(phone.served.join_url + "release", {"voter": "p3"}, xsrf=False).status_code == 403
    phone.get(phone.vote_url())
    assert phone.post(phone.served.join_url + "release", {"voter": "p1"}).status_code == 403
    assert votes(served) == {"p3": (2, 4, "")}, "refused: the vote is still hers, by name"
    stranger = httpx.post(phone.served.join_url + "release", data={"voter": "p3"}, timeout=30)
    assert stranger.status_code in (303, 403) and votes(served) == {"p3": (2, 4, "")}


def test_an_anonymous_voter_has_no_name_to_release(served, phone):
    phone.join()
    assert "Fjern mit navn" not in phone.get(phone.vote_url()).text
    page = release(phone)
    assert page.status_code == 409 and "Du stemmer allerede anonymt." in page.text


def test_phones_on_the_network_are_sent_to_this_machines_network_address():
    from assessment.server.config import ServerConfig

    url = ServerConfig(host="0.0.0.0").public_base(8765)
    assert url.startswith("http://") and url.endswith(":8765/") and "0.0.0.0" not in url
    assert ServerConfig().public_base(8765) == "http://127.0.0.1:8765/"


def test_behind_a_proxy_the_routes_live_under_the_base_urls_path(path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    from assessment.server.config import ServerConfig

    base_url = f"http://127.0.0.1:{port}/services/vote"
    assert ServerConfig(port=port, base_url=base_url).prefix == "/services/vote/"
    server = Served(path, port=port, base_url=base_url)
    try:
        assert server.join_url.startswith(f"http://127.0.0.1:{port}/services/vote/w/")
        phone = Phone(server)
        assert "Du stemmer som Helle Kjærsgaard" in phone.join("p1").text
        assert phone.get(f"http://127.0.0.1:{port}/w/{server.room.box.doc.room.token}/").status_code == 404
        phone.close()
    finally:
        server.close()


def test_the_consultants_save_from_before_a_release_does_not_bring_the_name_back(served, path, phone):
    phone.join("p3")
    phone.vote({"dialogue": ("2", "4")})
    kernel = open_assessment(path)  # the consultant's kernel read the file while she voted by name
    base = kernel.doc.model_copy(deep=True)
    release(phone)
    kernel.doc.dialogue.rationale = "Vi er enige om niveau 2"
    kernel.file.save_reconciled(kernel.doc, lambda theirs: merge(base, kernel.doc, theirs))
    doc = served.on_disk()
    assert doc.dialogue.rationale == "Vi er enige om niveau 2"
    assert [v.id for v in doc.room.voters if not v.anonymous] == [] and "p3" not in votes(served)
