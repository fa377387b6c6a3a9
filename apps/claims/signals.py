"""Signals the claims app sends for other apps to listen to.

`claims_extracted`: sent inside claims_persist_extraction after the extractor's claims are bulk-created
(bulk_create sends no post_save). Arguments: `article`, `claims` (the new Claim objects, with their ids).
"""

from django.dispatch import Signal

claims_extracted = Signal()
