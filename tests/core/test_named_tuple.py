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


class One(NamedTuple):
    only: int


class Many(NamedTuple):
    a: int
    b: int
    c: int
    d: int
    e: int = 5
    f: int = 6


@pytest.mark.parametrize("ours", [Span, One, Many])
def test_each_method_answers_as_collections_namedtuples(ours: type[typing.Any]) -> None:
    """The class is built without compiling ``__new__`` per record: everything a caller
    can see of it is still what ``collections.namedtuple`` makes, errors included."""
    import collections
    import copy
    import inspect

    fields, defaults = ours._fields, tuple(ours._field_defaults.values())
    theirs = collections.namedtuple(ours.__name__, fields, defaults=defaults)  # type: ignore[misc]
    values = tuple(range(len(fields)))
    mine, made = ours(*values), theirs(*values)
    assert repr(mine) == repr(made) and tuple(mine) == tuple(made)

    def parameters(record: type[typing.Any]) -> list[tuple[str, object, object]]:
        found = inspect.signature(record.__new__).parameters.values()  # (ours are annotated)
        return [(p.name, p.kind, p.default) for p in found]

    assert parameters(ours) == parameters(theirs)
    assert ours.__new__.__doc__ == theirs.__new__.__doc__
    assert ours.__new__.__qualname__ == theirs.__new__.__qualname__
    assert ours._fields == theirs._fields and ours.__match_args__ == theirs.__match_args__
    assert ours._field_defaults == theirs._field_defaults
    assert ours(**dict(zip(fields, values, strict=True))) == mine
    assert ours._make(values) == mine and mine._asdict() == made._asdict()
    assert mine._replace(**{fields[0]: 9})[0] == 9
    assert copy.copy(mine) == mine and copy.deepcopy(mine) == mine
    assert pickle.loads(pickle.dumps(mine)) == mine
    for name in fields:
        assert getattr(ours, name).__doc__ == getattr(theirs, name).__doc__
    for method in ("_make", "_replace", "_asdict", "__getnewargs__", "__repr__"):
        assert getattr(ours, method).__doc__ == getattr(theirs, method).__doc__
        assert getattr(ours, method).__qualname__ == getattr(theirs, method).__qualname__

    def message(wrong: typing.Callable[[type[typing.Any]], object], record: type) -> str:
        with pytest.raises((TypeError, ValueError)) as raised:
            wrong(record)
        return str(raised.value)

    for wrong in (
        lambda record: record(*values, 99),
        lambda record: record(),
        lambda record: record(nope=1),
        lambda record: record._make((*values, 99)),
        lambda record: record(*values)._replace(nope=1),
    ):
        assert message(wrong, ours) == message(wrong, theirs)
