"""`{% said_before_block claim %}` on the claim page, `{% speaker_repeats_block speaker %}` on the speaker's:
each renders its partial with the context it needs, so the review views stay as they are."""

from django import template
from django.template.loader import render_to_string

from ..views import said_before_context, speaker_repeats_context

register = template.Library()


@register.simple_tag(takes_context=True)
def said_before_block(context, claim) -> str:
    request = context.get("request")
    return render_to_string(
        "similarity/said_before.html#said-before", said_before_context(request, claim), request=request
    )


@register.simple_tag(takes_context=True)
def speaker_repeats_block(context, speaker) -> str:
    request = context.get("request")
    return render_to_string(
        "similarity/speaker_repeats.html#speaker-repeats", speaker_repeats_context(speaker), request=request
    )
