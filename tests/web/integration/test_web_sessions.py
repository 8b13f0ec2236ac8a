"""Web sessions and once-only forms against SQLite and a real PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from aicident.auth import service as auth
from aicident.errors import InvalidInput, Unauthorized
from aicident.store.tables import people
from aicident.web import service as web


@pytest.fixture
def issued(runtime):
    auth.add_person(runtime, handle="dana", roles=["incident_commander"])
    return auth.create_token(runtime, handle="dana", expires_in_days=1)


def test_a_token_opens_a_session_that_knows_its_person_and_csrf_token(runtime, issued):
    session = web.sign_in(runtime, token=issued.token)
    found = web.current(runtime, secret=session.secret)
    assert found.principal.handle == "dana" and found.principal.roles == {"incident_commander"}
    assert found.csrf == session.csrf and len(session.csrf) >= 40
    assert web.current(runtime, secret="not-a-session") is None
    assert web.current(runtime, secret=None) is None


def test_a_bad_token_opens_no_session(runtime, issued):
    with pytest.raises(Unauthorized, match="unknown, expired or revoked"):
        web.sign_in(runtime, token="aic_wrong")
    with pytest.raises(InvalidInput, match="enter your personal token"):
        web.sign_in(runtime, token="  ")


def test_signing_out_ends_the_session_on_the_server(runtime, issued):
    session = web.sign_in(runtime, token=issued.token)
    other = web.sign_in(runtime, token=issued.token)
    web.sign_out(runtime, secret=session.secret)
    assert web.current(runtime, secret=session.secret) is None
    assert web.current(runtime, secret=other.secret) is not None  # another browser stays signed in


def test_revoking_the_token_or_disabling_the_person_ends_its_sessions(runtime, issued, clock):
    session = web.sign_in(runtime, token=issued.token)
    auth.revoke_token(runtime, token_id=issued.id)
    assert web.current(runtime, secret=session.secret) is None

    fresh = auth.create_token(runtime, handle="dana")
    session = web.sign_in(runtime, token=fresh.token)
    with runtime.engine.begin() as connection:
        connection.execute(update(people).where(people.c.handle == "dana").values(disabled_at=clock()))
    assert web.current(runtime, secret=session.secret) is None


def test_a_session_ends_when_its_lifetime_or_its_token_runs_out(runtime, issued, clock):
    session = web.sign_in(runtime, token=issued.token)
    clock.advance(hours=11, minutes=59)
    assert web.current(runtime, secret=session.secret) is not None
    clock.advance(minutes=2)
    assert web.current(runtime, secret=session.secret) is None  # twelve hours

    clock.advance(hours=8)  # 20 h 01 m after the token was issued, 3 h 59 m before it expires
    late = web.sign_in(runtime, token=issued.token)
    clock.advance(hours=3, minutes=58)
    assert web.current(runtime, secret=late.secret) is not None
    clock.advance(minutes=2)
    assert web.current(runtime, secret=late.secret) is None  # the token expired, the session with it


def test_the_database_keeps_only_the_hash_of_the_cookie(runtime, issued):
    session = web.sign_in(runtime, token=issued.token)
    with runtime.engine.connect() as connection:
        ids = [row.id for row in connection.exec_driver_sql("SELECT id FROM web_sessions")]
    assert ids == [web.session_id(session.secret)] and session.secret not in ids


def test_a_form_submitted_twice_runs_once_and_answers_the_same(runtime, issued):
    runs = []

    def run() -> str:
        runs.append(1)
        return f"/incidents/INC-{len(runs)}"

    person = web.current(runtime, secret=web.sign_in(runtime, token=issued.token).secret).principal.person_id
    first = web.once(runtime, person_id=person, form_id="f1", run=run)
    again = web.once(runtime, person_id=person, form_id="f1", run=run)
    other = web.once(runtime, person_id=person, form_id="f2", run=run)
    assert (first, again, other, len(runs)) == ("/incidents/INC-1", "/incidents/INC-1", "/incidents/INC-2", 2)


def test_a_form_that_failed_may_be_submitted_again(runtime, issued):
    def fail() -> str:
        raise InvalidInput("title must not be empty")

    with pytest.raises(InvalidInput):
        web.once(runtime, person_id="p", form_id="f", run=fail)
    assert web.once(runtime, person_id="p", form_id="f", run=lambda: "/done") == "/done"


def test_a_password_is_kept_as_an_scrypt_hash_and_opens_a_session(runtime, issued):
    web.set_password(runtime, handle="Dana", password="correct horse battery")
    with runtime.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT hash FROM web_passwords").scalar()
    scheme, n, r, p, salt, derived = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(2**15), "8", "1") and len(salt) >= 22 and len(derived) >= 43
    assert "correct horse" not in stored
    session = web.sign_in_with_password(runtime, handle="dana", password="correct horse battery")
    assert web.current(runtime, secret=session.secret).principal.handle == "dana"


def test_a_wrong_password_or_unknown_handle_is_refused_with_the_same_words(runtime, issued):
    web.set_password(runtime, handle="dana", password="correct horse battery")
    for handle, password in (
        ("dana", "correct horse battery!"),
        ("nobody", "correct horse battery"),
        ("admin", "x" * 20),
    ):
        with pytest.raises(Unauthorized, match=r"^the handle or the password is wrong \(sign in with a personal token"):
            web.sign_in_with_password(runtime, handle=handle, password=password)


def test_a_short_password_is_refused_and_a_new_one_ends_the_sessions_of_the_old(runtime, issued):
    with pytest.raises(InvalidInput, match="12 to 1024 characters"):
        web.set_password(runtime, handle="dana", password="short")
    web.set_password(runtime, handle="dana", password="correct horse battery")
    by_password = web.sign_in_with_password(runtime, handle="dana", password="correct horse battery")
    by_token = web.sign_in(runtime, token=issued.token)
    web.set_password(runtime, handle="dana", password="another long passphrase")
    assert web.current(runtime, secret=by_password.secret) is None
    assert web.current(runtime, secret=by_token.secret) is not None
    with pytest.raises(Unauthorized):
        web.sign_in_with_password(runtime, handle="dana", password="correct horse battery")


def test_sessions_over_a_month_past_their_end_are_forgotten_at_the_next_sign_in(runtime, issued, clock):
    old = web.sign_in(runtime, token=issued.token)
    web.sign_out(runtime, secret=old.secret)
    clock.advance(days=29)
    web.sign_in(runtime, token=auth.create_token(runtime, handle="dana").token)
    with runtime.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM web_sessions").scalar() == 2
    clock.advance(days=2)
    web.sign_in(runtime, token=auth.create_token(runtime, handle="dana").token)
    with runtime.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM web_sessions").scalar() == 2  # the first is gone
