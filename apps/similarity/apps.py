from django.apps import AppConfig


class SimilarityConfig(AppConfig):
    name = "apps.similarity"
    label = "similarity"
