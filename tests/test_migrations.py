"""An existing database upgrades with `migrate` alone: rows made before the apps were split
are still there, under their new apps, after migrating forward."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_THE_SPLIT = [("claims", "0003_briefjob")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


@pytest.mark.django_db(transaction=True)
def test_briefs_and_suggestions_made_before_the_split_survive_migrate():
    executor = _migrate(BEFORE_THE_SPLIT)
    old = executor.loader.project_state(
        [*BEFORE_THE_SPLIT, ("contenttypes", "0002_remove_content_type_name")]
    ).apps
    user = old.get_model("auth", "User").objects.create(username="editor")
    old.get_model("claims", "Suggestion").objects.create(text="They lost 85,000 children.")
    job = old.get_model("claims", "BriefJob").objects.create(
        requested_by=user, title="All claims", claim_ids=[1, 2], status="ready", sha256="ab" * 32
    )
    content_types = old.get_model("contenttypes", "ContentType").objects
    content_types.get_or_create(app_label="claims", model="briefjob")

    _migrate(None)

    from django.contrib.contenttypes.models import ContentType

    from briefs.models import BriefJob
    from publishing.models import Suggestion

    assert Suggestion.objects.get().text == "They lost 85,000 children."
    moved = BriefJob.objects.get()
    assert (moved.pk, moved.title, moved.claim_ids) == (job.pk, "All claims", [1, 2])
    assert moved.requested_by.username == "editor"
    assert ContentType.objects.filter(app_label="briefs", model="briefjob").exists()
    assert not ContentType.objects.filter(app_label="claims", model="briefjob").exists()


@pytest.mark.django_db(transaction=True)
def test_claims_get_their_last_submission_time_from_their_versions():
    before = [("claims", "0007_list_and_search_indexes")]
    old = _migrate(before).loader.project_state(before).apps
    author = old.get_model("auth", "User").objects.create(username="writer")
    Claim, Ruling = old.get_model("claims", "Claim"), old.get_model("claims", "Ruling")
    moment = datetime.datetime(2026, 5, 1, 9, 30, tzinfo=datetime.UTC)
    submitted = Claim.objects.create(text="Submitted twice.", author=author, status="review")
    never = Claim.objects.create(
        text="Never submitted.", author=author, status="review", created_at=moment
    )
    draft = Claim.objects.create(text="A draft.", author=author, status="draft")
    for claim in (submitted, never):
        Ruling.objects.create(claim=claim, proposed_rating="false", engine_version="test")
    for number, (change, days) in enumerate([("submitted", 0), ("edited", 1), ("submitted", 2)]):
        old.get_model("claims", "RulingVersion").objects.create(
            ruling=Ruling.objects.get(claim=submitted),
            number=number + 1,
            status="draft",
            rating="false",
            proposed_rating="false",
            engine_version="test",
            change=change,
            changed_at=moment + datetime.timedelta(days=days),
        )

    _migrate(None)

    from claims.models import Claim as Current

    assert Current.objects.get(pk=submitted.pk).submitted_at == moment + datetime.timedelta(days=2)
    assert Current.objects.get(pk=never.pk).submitted_at == moment, "in review since made"
    assert Current.objects.get(pk=draft.pk).submitted_at is None


def _index_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'claims_%'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db(transaction=True)
def test_the_search_words_are_stored_for_existing_claims_and_the_step_reverses():
    before = [("claims", "0009_claim_text_fingerprint")]
    old = _migrate(before).loader.project_state(before).apps
    author = old.get_model("auth", "User").objects.create(username="writer")
    Claim, Ruling = old.get_model("claims", "Claim"), old.get_model("claims", "Ruling")
    ruled = Claim.objects.create(text="Smugglers moved children.", author=author)
    Ruling.objects.create(
        claim=ruled, proposed_rating="false", engine_version="test", summary="A hotline count."
    )
    bare = Claim.objects.create(text="Sponsors were vetted.", claimant="Lindqvist", author=author)

    _migrate(None)

    from claims.models import Claim as Current

    def found(text: str) -> list[int]:
        return list(Current.objects.search(text).values_list("pk", flat=True))

    assert found("hotline") == [ruled.pk]
    assert found("smugglers") == [ruled.pk]
    assert found("Lindqvist") == [bare.pk]
    if connection.vendor == "postgresql":
        assert {"claim_words_search", "claim_ruling_words_search"} <= _index_names()
        assert not {"claim_search", "ruling_search"} & _index_names()

    _migrate(before)
    if connection.vendor == "postgresql":
        assert {"claim_search", "ruling_search"} <= _index_names()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'claims_claim' AND column_name LIKE '%_words'"
            )
            assert cursor.fetchall() == []
    _migrate(None)
    assert found("hotline") == [ruled.pk]


@pytest.mark.django_db(transaction=True)
def test_sessions_logged_in_before_the_newsroom_backend_stay_logged_in(client):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore

    _migrate([("accounts", "0002_rate_counter_unlogged")])
    user = User.objects.create(username="logged-in-before")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()

    _migrate(None)

    client.cookies["sessionid"] = session.session_key
    assert "Log out logged-in-before" in client.get("/about/").content.decode()
    assert SessionStore(session.session_key).load()[BACKEND_SESSION_KEY] == (
        "accounts.backends.NewsroomBackend"
    )
