# Hand-written on 2026-12-04: PostgreSQL objects the models do not declare.

from django.db import migrations

# The search's words, stored on each claim's row (PostgreSQL only; SQLite searches with a plain
# match). `claim_words` holds the quote and the claimant, `ruling_words` the ruling's headline,
# "in short" and summary: the same texts, joined the same way and read with the same
# configuration as the expression indexes of 0007 that they replace, so that a search finds
# exactly the claims it found before. Both on the claim's row: the claims list can walk its
# ordering index and test each claim as it goes (a common word: one page read, then stop), or
# read the two GIN indexes (a rare word), whichever the planner's statistics on these columns
# say is cheaper.
#
# `claim_words` is a generated column: PostgreSQL computes it on every write of the row.
# `ruling_words` is kept by a trigger on the rulings, in the transaction that writes the ruling,
# whichever way it is written (save, QuerySet.update, bulk_create, delete). The model declares
# neither column, so no query loads them and no save writes them.

CLAIM_TEXT = "COALESCE(\"text\", '') || ' ' || COALESCE(\"claimant\", '')"


def ruling_text(row: str = "") -> str:
    """The ruling's texts as one string; `row` names the row ("NEW.") in a trigger."""
    return (
        f"COALESCE({row}\"headline\", '') || ' ' || COALESCE({row}\"in_short\", '') || ' ' "
        f"|| COALESCE({row}\"summary\", '')"
    )


FORWARD = [
    'ALTER TABLE "claims_claim" ADD COLUMN "ruling_words" tsvector',
    f"""
    UPDATE "claims_claim" SET "ruling_words" = to_tsvector('english'::regconfig, {ruling_text("r.")})
    FROM "claims_ruling" r WHERE r."claim_id" = "claims_claim"."id"
    """,
    # After the update: this rewrites the table, and rows this transaction wrote would leave
    # foreign-key checks pending when it updates them, which CREATE INDEX refuses.
    f"""
    ALTER TABLE "claims_claim" ADD COLUMN "claim_words" tsvector
        GENERATED ALWAYS AS (to_tsvector('english'::regconfig, {CLAIM_TEXT})) STORED
    """,
    f"""
    CREATE FUNCTION "claims_ruling_words"() RETURNS trigger LANGUAGE plpgsql
    -- Planned for the claims table as it is at each call: a plan kept from when the table was
    -- small (a session that began on an empty database) would read every claim to find one.
    SET plan_cache_mode = force_custom_plan
    AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            UPDATE "claims_claim" SET "ruling_words" = NULL WHERE "id" = OLD."claim_id";
            RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' THEN
            IF OLD."claim_id" <> NEW."claim_id" THEN
                UPDATE "claims_claim" SET "ruling_words" = NULL WHERE "id" = OLD."claim_id";
            ELSIF OLD."headline" IS NOT DISTINCT FROM NEW."headline"
                AND OLD."in_short" IS NOT DISTINCT FROM NEW."in_short"
                AND OLD."summary" IS NOT DISTINCT FROM NEW."summary" THEN
                RETURN NULL;
            END IF;
        END IF;
        UPDATE "claims_claim"
            SET "ruling_words" = to_tsvector('english'::regconfig, {ruling_text("NEW.")})
            WHERE "id" = NEW."claim_id";
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER "claims_ruling_words" AFTER INSERT OR UPDATE OR DELETE ON "claims_ruling"
        FOR EACH ROW EXECUTE FUNCTION "claims_ruling_words"()
    """,
    'CREATE INDEX "claim_words_search" ON "claims_claim" USING gin ("claim_words")',
    'CREATE INDEX "claim_ruling_words_search" ON "claims_claim" USING gin ("ruling_words")',
    'DROP INDEX "claim_search"',
    'DROP INDEX "ruling_search"',
    # The planner weighs the two ways to search by these columns' statistics: have them now.
    'ANALYZE "claims_claim"',
]

BACKWARD = [
    'DROP TRIGGER "claims_ruling_words" ON "claims_ruling"',
    'DROP FUNCTION "claims_ruling_words"()',
    'ALTER TABLE "claims_claim" DROP COLUMN "claim_words", DROP COLUMN "ruling_words"',
    # 0007's indexes, as it made them.
    f"""
    CREATE INDEX "claim_search" ON "claims_claim"
        USING gin (to_tsvector('english'::regconfig, {CLAIM_TEXT}))
    """,
    f"""
    CREATE INDEX "ruling_search" ON "claims_ruling"
        USING gin (to_tsvector('english'::regconfig, {ruling_text()}))
    """,
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0009_claim_text_fingerprint'),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
