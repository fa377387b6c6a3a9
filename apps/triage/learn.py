"""The desk's own model: logistic regression over the named features and hashed word n-grams.

Plain Python and scikit-learn, no Django. Labels are editors' decisions: confirmed or flagged unsupported
= worth checking (1), dismissed = not (0). `train` fits a model; `LearnedModel.score` gives each claim a score
0-100 and the named features that pushed it up or down as reasons (the n-grams are hashed, so they have no
names: when the words weigh most, the reason says the wording resembles claims this desk checked).
`evaluate` measures a scorer on decisions it was not trained on: precision at k and ROC AUC.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from .features import ClaimFacts, claim_features
from .prior import contributions_reasons, logistic_score

N_FEATURES = 2**16
WORDING = "wording"  # the reason code for the n-grams' share


def _vectorisers():
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import HashingVectorizer

    words = HashingVectorizer(
        n_features=N_FEATURES, ngram_range=(1, 2), alternate_sign=False, norm="l2", lowercase=True
    )
    return DictVectorizer(sparse=True), words


@dataclass
class LearnedModel:
    named: object  # DictVectorizer over the named features
    words: object  # HashingVectorizer over the claim's words
    classifier: object  # LogisticRegression

    def _matrix(self, facts: Sequence[ClaimFacts]):
        from scipy.sparse import hstack

        named = self.named.transform([claim_features(f) for f in facts])
        words = self.words.transform([f.content for f in facts])
        return hstack([named, words]).tocsr(), named

    def score(self, facts: Sequence[ClaimFacts]) -> list[tuple[int, list[dict]]]:
        if not facts:
            return []
        matrix, named = self._matrix(facts)
        logits = self.classifier.decision_function(matrix)
        coef = self.classifier.coef_[0]
        names = self.named.get_feature_names_out()
        n_named = len(names)
        out = []
        for row, (fact, logit) in enumerate(zip(facts, logits, strict=True)):
            values = named.getrow(row).toarray()[0]
            contributions = {names[i]: float(coef[i] * values[i]) for i in np.flatnonzero(values)}
            text_part = float(matrix.getrow(row)[:, n_named:].dot(coef[n_named:])[0])
            if text_part:
                contributions[WORDING] = text_part
            out.append((logistic_score(float(logit)), contributions_reasons(contributions, fact)))
        return out

    def dumps(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def loads(blob: bytes) -> LearnedModel:
        # only ever our own rows, written by train() in this codebase
        return pickle.loads(blob)  # noqa: S301


def train(facts: Sequence[ClaimFacts], labels: Sequence[int]) -> LearnedModel:
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression

    if len(set(labels)) < 2:
        raise ValueError("training needs decisions of both kinds (checked and dismissed)")
    named, words = _vectorisers()
    matrix = hstack(
        [named.fit_transform([claim_features(f) for f in facts]), words.transform([f.content for f in facts])]
    )
    classifier = LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced", solver="liblinear")
    classifier.fit(matrix.tocsr(), list(labels))
    return LearnedModel(named=named, words=words, classifier=classifier)


def precision_at(scores: Sequence[float], labels: Sequence[int], k: int) -> float:
    """Share of worth-checking decisions among the k highest scores (ties keep the given order)."""
    if not labels:
        return 0.0
    k = min(k, len(labels))
    order = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
    return sum(labels[i] for i in order) / k


def roc_auc(scores: Sequence[float], labels: Sequence[int]) -> float | None:
    if len(set(labels)) < 2:
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(list(labels), list(scores)))


def evaluate(scorer: Callable[[Sequence[ClaimFacts]], Sequence[float]], facts, labels) -> dict:
    scores = list(scorer(facts))
    return {
        "n": len(labels),
        "positives": int(sum(labels)),
        "p_at_10": round(precision_at(scores, labels, 10), 4),
        "p_at_20": round(precision_at(scores, labels, 20), 4),
        "p_at_50": round(precision_at(scores, labels, 50), 4),
        "auc": None if (auc := roc_auc(scores, labels)) is None else round(auc, 4),
    }
