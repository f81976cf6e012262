"""``Store.merge_theme`` on both backends: the same activities, asset theme lists and
vocabulary afterwards, all in one transaction."""

from __future__ import annotations

from datetime import datetime

import pytest

from netwerk.domain import AMSTERDAM, Activity, ActivityTheme, Asset, ChangeSet, NotFoundError


def _themed() -> ChangeSet:
    when = datetime(2025, 3, 1, 19, 30, tzinfo=AMSTERDAM)
    return ChangeSet(
        activities=[Activity(activity_id=a, kind="bewonersbijeenkomst", date=when) for a in ("a1", "a2", "a3")],
        activity_themes=[
            ActivityTheme(activity_id="a1", theme="ontmoeting"),
            ActivityTheme(activity_id="a2", theme="ontmoeting"),
            ActivityTheme(activity_id="a2", theme="eenzaamheid"),  # already about the target
            ActivityTheme(activity_id="a3", theme="groen"),
        ],
        assets=[
            Asset(asset_id="s1", category="place", name="Buurthuis", themes=("ontmoeting", "eenzaamheid", "spelen")),
            Asset(asset_id="s2", category="place", name="Moestuin", themes=("groen",)),
        ],
    )


def test_merge_theme_moves_activities_and_asset_lists_then_removes_the_old_theme(backend):
    backend.apply(_themed())
    version = backend.data_version()
    assert backend.merge_theme("ontmoeting", "eenzaamheid") == 2
    about = backend.table("activity_themes")
    assert sorted(zip(about["activity_id"], about["theme"], strict=True)) == [
        ("a1", "eenzaamheid"), ("a2", "eenzaamheid"), ("a3", "groen")]
    assets = backend.table("assets").set_index("asset_id")
    assert assets.loc["s1", "themes"] == ("eenzaamheid", "spelen")  # once, order kept
    assert assets.loc["s2", "themes"] == ("groen",)
    assert "ontmoeting" not in backend.existing_ids("themes")
    assert backend.data_version() > version


def test_merge_theme_into_an_unknown_theme_changes_nothing(backend):
    backend.apply(_themed())
    before = (backend.counts(), backend.data_version())
    with pytest.raises(NotFoundError):
        backend.merge_theme("ontmoeting", "bestaat-niet")
    with pytest.raises(ValueError):
        backend.merge_theme("groen", "groen")
    assert (backend.counts(), backend.data_version()) == before
    assert "ontmoeting" in backend.existing_ids("themes")
