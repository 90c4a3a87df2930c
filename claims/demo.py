"""Demo content: the development claims, checked by the engine and published with the
headline, "in short" and ruling an editor wrote for each, so that a new instance shows real
rulings at once."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from claims.claimfile import read_claim_file
from claims.models import Claim
from datasets.models import Document

# Real claims with the rulings professional fact-checkers gave them.
DEV_CLAIMS = Path(settings.BASE_DIR) / "fixtures" / "dev_claims.yaml"
# What the editors wrote for each of them, keyed by the claim's id.
DEMO_RULINGS = Path(settings.BASE_DIR) / "fixtures" / "demo_rulings.yaml"


def read_demo_rulings(path: Path = DEMO_RULINGS) -> dict[str, dict[str, str]]:
    """The editors' texts by claim id: headline, in_short and summary ("our ruling")."""
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


@transaction.atomic
def load_demo_claims(path: Path, *, editor, rulings: Path = DEMO_RULINGS) -> int:
    """Check and publish each claim of the file that is not in the database yet; return how many
    were added. Running it again adds nothing. A claim without the editors' texts is refused
    (a published ruling needs its headline and "in short")."""
    added = 0
    documents = {d.slug: d for d in Document.objects.all()}
    texts = read_demo_rulings(rulings)
    for row in read_claim_file(path):
        source = row.claim
        if Claim.objects.filter(text=source.text, claimant=source.claimant).exists():
            continue
        written = texts.get(source.id)
        if not written:
            raise ValueError(f"{rulings.name}: no headline or in-short for claim {source.id}.")
        claim = Claim.create_checked(
            author=editor,
            text=source.text,
            claimant=source.claimant,
            said_on=source.said_on,
            attributed_to=source.attributed_to,
            cited_documents=[documents[s] for s in source.cited_sources if s in documents],
        )
        ruling = claim.ruling
        ruling.edit(
            by=editor,
            expected_version=ruling.version,
            headline=written["headline"],
            in_short=written["in_short"],
            summary=written.get("summary", "").strip(),
        )
        ruling.submit(by=editor, expected_version=ruling.version)
        ruling.publish(by=editor, expected_version=ruling.version)
        added += 1
    return added
