"""`ruling_published` tells the rest of the product that a public ruling's content changed.

Sent after the transaction commits, each time a ruling is published, corrected or has a revised
proposal accepted while published. Receivers get `ruling` (the Ruling) and `change` (the change's
name as its version records it: "published", "corrected"...).
"""

from __future__ import annotations

from django.dispatch import Signal

ruling_published = Signal()
