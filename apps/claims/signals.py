"""Signals the claims app sends for other apps to listen to.

`claims_extracted`: sent inside claims_persist_extraction after the extractor's claims are bulk-created
(bulk_create sends no post_save). Arguments: `article`, `claims` (the new Claim objects, with their ids).
Only claims the run found for the first time: a claim a re-run finds again keeps its row and is not in
`claims`, so what listens (alerts, similarity) hears of each claim once.
"""

from django.dispatch import Signal

claims_extracted = Signal()
