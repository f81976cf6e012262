"""Dutch value conventions (netwerk.ingest.parse)."""

from __future__ import annotations

import datetime as dt

import pytest

import graph_schema as gs
from netwerk.domain import AMSTERDAM
from netwerk.ingest.parse import parse_bool, parse_date, parse_datetime, parse_decimal, parse_int, parse_vocab, split_list


def test_day_first_date_13_january():
    assert parse_date("13-01-2025") == dt.date(2025, 1, 13)


def test_month_first_date_is_refused():
    with pytest.raises(ValueError, match="maand 13 bestaat niet"):
        parse_date("01-13-2025")


@pytest.mark.parametrize(
    "text",
    ["13-01-2025", "13-1-2025", "13/01/2025", "13.01.2025", "2025-01-13", "13-01-2025 00:00", " 13-01-2025 "],
)
def test_date_formats(text):
    assert parse_date(text) == dt.date(2025, 1, 13)


def test_ambiguous_looking_date_is_day_first():
    assert parse_date("02-03-2025") == dt.date(2025, 3, 2)


@pytest.mark.parametrize("text", ["31-02-2025", "13-01-25", "januari 2025", "2025/13/01", "13-01-2025 19:30"])
def test_invalid_dates_are_refused(text):
    with pytest.raises(ValueError, match="ongeldige datum"):
        parse_date(text)


def test_empty_date_is_missing():
    assert parse_date(None) is None
    assert parse_date("  ") is None


def test_datetime_is_amsterdam_wall_clock():
    value = parse_datetime("13-01-2025 19:30")
    assert value == dt.datetime(2025, 1, 13, 19, 30, tzinfo=AMSTERDAM)
    assert value.utcoffset() == dt.timedelta(hours=1)
    summer = parse_datetime("01-07-2025 09:05:10")
    assert summer.utcoffset() == dt.timedelta(hours=2) and summer.second == 10


def test_date_only_datetime_is_midnight_amsterdam():
    assert parse_datetime("3-2-2025") == dt.datetime(2025, 2, 3, tzinfo=AMSTERDAM)


def test_iso_datetime_with_offset_keeps_the_instant():
    value = parse_datetime("2025-01-13T18:30:00Z")
    assert value.tzinfo == AMSTERDAM and (value.hour, value.minute) == (19, 30)


def test_nonexistent_spring_time_moves_forward():
    # 30 March 2025, 02:00 -> 03:00: 02:30 does not exist and becomes 03:30 summer time.
    value = parse_datetime("30-03-2025 02:30")
    assert (value.hour, value.minute) == (3, 30)
    assert value.utcoffset() == dt.timedelta(hours=2)
    assert value.astimezone(dt.UTC) == dt.datetime(2025, 3, 30, 1, 30, tzinfo=dt.UTC)


def test_ambiguous_autumn_time_is_first_occurrence():
    # 26 October 2025: 02:30 happens twice; fold=0 -> the summer-time one (+02:00).
    value = parse_datetime("26-10-2025 02:30")
    assert value.utcoffset() == dt.timedelta(hours=2)
    assert value.astimezone(dt.UTC) == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize("text", ["13-01-2025 25:00", "13-01-2025 7u30"])
def test_invalid_time_is_refused(text):
    with pytest.raises(ValueError, match="ongeldige tijd"):
        parse_datetime(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("2,5", 2.5), ("1.234,5", 1234.5), ("0,0", 0.0), ("-3,25", -3.25), ("7", 7.0), ("2.5", 2.5), ("1.234.567", 1234567.0),
     (",5", 0.5)],
)
def test_decimal_comma(text, value):
    assert parse_decimal(text) == pytest.approx(value)


@pytest.mark.parametrize("text", ["2,5,6", "abc", "1,2.3", "12a"])
def test_invalid_numbers_are_refused(text):
    with pytest.raises(ValueError, match="ongeldig getal"):
        parse_decimal(text)


def test_int_accepts_whole_decimal_only():
    assert parse_int("7") == 7
    assert parse_int("7,0") == 7
    assert parse_int(None) is None
    with pytest.raises(ValueError, match="geheel getal"):
        parse_int("2,5")


@pytest.mark.parametrize(
    ("text", "value"),
    [("ja", True), ("Nee", False), ("j", True), ("n", False), ("TRUE", True), ("false", False), ("1", True), ("0", False),
     ("x", True), ("X", True), ("waar", True), (None, None), ("", None)],
)
def test_booleans(text, value):
    assert parse_bool(text) is value


def test_invalid_boolean_is_refused():
    with pytest.raises(ValueError, match="ja of nee"):
        parse_bool("misschien")


def test_list_cells_split_on_pipe_and_semicolon():
    assert split_list("koken| tuinieren |koken") == ("koken", "tuinieren")
    assert split_list("a;b||") == ("a", "b")
    assert split_list(None) == ()


def test_vocabulary_accepts_key_or_dutch_label():
    assert parse_vocab("Organisator", gs.PARTICIPATION_ROLES, "rol") == "organiser"
    assert parse_vocab("bewoner", gs.PERSON_KINDS, "soort persoon") == "resident"
    assert parse_vocab("Gemeente", gs.SECTORS, "sector") == "gemeente"
    with pytest.raises(ValueError, match="toegestaan: gemeente, woningcorporatie"):
        parse_vocab("bank", gs.SECTORS, "sector")
