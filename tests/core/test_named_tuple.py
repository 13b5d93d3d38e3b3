"""The package's NamedTuple builds the records typing.NamedTuple built, minus its checks."""

from __future__ import annotations

import pickle
import typing

import pytest

from tinyscaffold_server.core.named_tuple import NamedTuple
from tinyscaffold_server.course.project_config import ProjectConfig


class Span(NamedTuple):
    """A span of lines."""

    first: int
    last: int = 0
    label: str | None = None

    def size(self) -> int:
        return self.last - self.first + 1


class TypedSpan(typing.NamedTuple):
    """A span of lines."""

    first: int
    last: int = 0
    label: str | None = None


def test_a_record_behaves_as_typings() -> None:
    ours, theirs = Span(3, 7), TypedSpan(3, 7)
    assert tuple(ours) == tuple(theirs) == (3, 7, None)
    assert Span._fields == TypedSpan._fields == ("first", "last", "label")
    assert Span._field_defaults == TypedSpan._field_defaults
    assert repr(ours) == repr(theirs).replace("TypedSpan", "Span")
    assert ours._replace(label="x") == (3, 7, "x")
    assert ours._asdict() == theirs._asdict()
    assert ours.size() == 5
    assert Span.__doc__ == "A span of lines."
    assert Span.__module__ == __name__ and Span.__qualname__ == "Span"
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert isinstance(ours, tuple) and hash(ours) == hash((3, 7, None))
    assert Span.__annotations__ == {"first": "int", "last": "int", "label": "str | None"}


def test_the_package_records_keep_their_defaults_and_methods() -> None:
    empty = ProjectConfig()
    assert empty.source is None and empty.modules == ()
    assert empty.describe() == "no configuration file"


def test_mistakes_are_refused_as_typing_refuses_them() -> None:
    with pytest.raises(TypeError, match="after fields with one"):

        class Late(NamedTuple):
            first: int = 0
            last: int  # type: ignore[misc]

    with pytest.raises(AttributeError, match="_replace"):

        class Clash(NamedTuple):
            first: int

            def _replace(self) -> None: ...  # type: ignore[misc]
