"""Signals the similarity app sends for the layers above it to listen to.

`claims_linked`: sent by services.claims_link once it has matched `claim_ids` (found links or not). Argument:
`claim_ids`, the claims just matched. Receivers: apps.triage (re-scores them: "said before by this speaker").
"""

from django.dispatch import Signal

claims_linked = Signal()
