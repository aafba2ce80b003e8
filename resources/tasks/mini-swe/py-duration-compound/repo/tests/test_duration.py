import pytest

from duration import format_duration, parse_duration


@pytest.mark.parametrize("text,seconds", [("45s", 45), ("2h", 7200), ("3d", 259200)])
def test_single_unit(text, seconds):
    assert parse_duration(text) == seconds


def test_format():
    assert format_duration(5400) == "1h30m"
    assert format_duration(0) == "0s"


@pytest.mark.parametrize("text,seconds", [("1h30m", 5400), ("1d2h3m4s", 93784)])
def test_compound(text, seconds):
    assert parse_duration(text) == seconds


def test_round_trip():
    for seconds in (1, 59, 61, 3599, 3661, 90061):
        assert parse_duration(format_duration(seconds)) == seconds


@pytest.mark.parametrize("text", ["", "abc", "10", "1h30x"])
def test_rejects_garbage(text):
    with pytest.raises(ValueError):
        parse_duration(text)
