import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.articles.models import Article, content_hash
from apps.claims.counts import claims_recount
from apps.claims.models import Claim, Speaker
from apps.sources.models import Source

ARTICLE_TEXT = (
    "The mayor, Jane Doe, said the bridge would reopen in May. "
    "She provided no evidence for this claim. "
    "Engineers say repairs could take a year."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class EditorFactory(UserFactory):
    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def editors_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=settings.EDITORS_GROUP)[0])


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Outlet {n}")
    homepage = "https://example.org/"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    source = factory.SubFactory(SourceFactory)
    origin = Article.Origin.PASTE
    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"{ARTICLE_TEXT} (Edition {n}.)")
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.text))
    status = Article.Status.DONE


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker Person{n}")


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    start = 21
    end = 56
    content = factory.LazyAttribute(lambda c: c.article.text[c.start : c.end])
    cue = "said"
    kind = Claim.Kind.INDIRECT

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Saved as the ORM saves it, then counted as a service would (apps/claims/counts.py), so the
        pages that read the count tables see it."""
        claim = super()._create(model_class, *args, **kwargs)
        claims_recount([claim.pk])
        return claim


# a short article the extractor reads as three claims (one with "no evidence"), shared by the re-extraction,
# text-correction and accuracy tests
THREE_CLAIMS_TEXT = (
    "Finance minister Carla Benedetti said the deficit would halve by 2028. "
    "She provided no evidence for this claim.\n"
    "“We have turned the corner,” Ms Benedetti told reporters.\n"
    "Opposition leader Tomas Greer said the figures were invented."
)
