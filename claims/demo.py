"""Demo content: the development claims, checked by the engine and published, so that a new
instance shows real rulings at once."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction

from claims.claimfile import read_claim_file
from claims.models import Claim
from datasets.models import Document

# Real claims with the rulings professional fact-checkers gave them.
DEV_CLAIMS = Path(settings.BASE_DIR) / "fixtures" / "dev_claims.yaml"


@transaction.atomic
def load_demo_claims(path: Path, *, editor) -> int:
    """Check and publish each claim of the file that is not in the database yet; return how many
    were added. Running it again adds nothing."""
    added = 0
    documents = {d.slug: d for d in Document.objects.all()}
    for row in read_claim_file(path):
        source = row.claim
        if Claim.objects.filter(text=source.text, claimant=source.claimant).exists():
            continue
        claim = Claim.create_checked(
            author=editor,
            text=source.text,
            claimant=source.claimant,
            said_on=source.said_on,
            attributed_to=source.attributed_to,
            cited_documents=[documents[s] for s in source.cited_sources if s in documents],
        )
        ruling = claim.ruling
        ruling.submit(by=editor, expected_version=ruling.version)
        ruling.publish(by=editor, expected_version=ruling.version)
        added += 1
    return added
