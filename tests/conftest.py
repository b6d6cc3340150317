"""Shared fixtures: one spaCy load per test session, the seed article, the dev-data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.context import Config, Context
from eventwire.model import Article
from eventwire.pipeline import Pipeline
from eventwire.readers import read

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed" / "000_censor_nato_bucharest.txt"
DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def ctx() -> Context:
    return Context()


@pytest.fixture(scope="session")
def make_pipeline(ctx: Context):
    """make_pipeline("entities", "tone") -> a Pipeline sharing the session's spaCy model."""
    cache: dict[tuple[str, ...], Pipeline] = {}

    def make(*names: str) -> Pipeline:
        if names not in cache:
            c = Context(Config(components=list(names) if names else Config().components))
            c._cache = ctx._cache  # share loaded resources (spaCy, knowledge) across pipelines
            cache[names] = Pipeline(ctx=c)
        return cache[names]

    return make


@pytest.fixture(scope="session")
def places_pipe(make_pipeline) -> Pipeline:
    """The entities and places layers alone (the place tests)."""
    return make_pipeline("entities", "places")


@pytest.fixture(scope="session")
def gaz(places_pipe: Pipeline):
    """The gazetteer the places layer loaded."""
    from eventwire.knowledge.gazetteer import load_gazetteer

    return places_pipe.ctx.resource("gazetteer", load_gazetteer)


@pytest.fixture(scope="session")
def seed_article() -> Article:
    (article,) = list(read([SEED]))
    assert isinstance(article, Article), article
    return article


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return DATA
