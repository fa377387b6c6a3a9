"""Reading articles for the pages above (the review desk's article pages)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Article


def article_get(pk: int) -> Article:
    """The article with its source and the article it duplicates, or 404."""
    return get_object_or_404(Article.objects.select_related("source", "duplicate_of"), pk=pk)
