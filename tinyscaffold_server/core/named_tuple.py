"""``NamedTuple`` for the package's records, built without ``typing``'s run-time checks.

``typing.NamedTuple`` checks each field's annotation as it builds the class; with postponed
annotations every one is a string it compiles into a ``ForwardRef``.  For the package's
~45 records that was ~4 ms of every CLI start, paid before any work.  This builds the class
``typing.NamedTuple`` builds (what ``collections.namedtuple`` makes, with the class body's
defaults, methods and docstring), keeping the annotations as written.  Type checkers see
``typing.NamedTuple`` itself, so the records are typed exactly as before.

``collections.namedtuple`` also compiles each record's ``__new__`` from source (``eval`` of
a lambda: half of its cost, ~2 ms of a CLI start for the records a run imports); here that
code is compiled once per number of fields and renamed for each record (``_record``).
"""

from __future__ import annotations

import sys
from types import FunctionType

TYPE_CHECKING = False  # typing's own flag would import typing, which this module avoids
if TYPE_CHECKING:
    from types import CodeType
    from typing import NamedTuple as NamedTuple
else:
    from _collections import _tuplegetter  # the field accessor collections.namedtuple uses

    # As typing's: kept out of the class (the first three), or refused (the rest).
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})
    _PROHIBITED = frozenset(
        {"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults"}
        | {"_make", "_replace", "_asdict", "_source"}
    )

    class _NamedTupleMeta(type):
        def __new__(cls, name, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(cls, name, bases, namespace)
            if bases != (NamedTuple,):
                raise TypeError("a NamedTuple derives from NamedTuple alone")
            fields = dict(namespace.get("__annotations__", {}))
            defaulted = []
            for field in fields:
                if field in namespace:
                    defaulted.append(field)
                elif defaulted:
                    raise TypeError(f"{name}.{field}: no default, after fields with one")
            record = _record(name, tuple(fields), tuple(namespace[field] for field in defaulted))
            record.__module__ = namespace["__module__"]
            record.__annotations__ = record.__new__.__annotations__ = fields
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Derive a record from this as from ``typing.NamedTuple``."""

    # Per number of fields, the code of a record's ``__new__`` with placeholder argument names.
    _NEW_CODES: dict[int, CodeType] = {}
    _NEW_GLOBALS = {"_tuple_new": tuple.__new__, "__builtins__": {}}

    def _new_code(arity):
        code = _NEW_CODES.get(arity)
        if code is None:
            names = [f"_{index}" for index in range(arity)]
            items = "".join(f"{name}, " for name in names)  # a tuple of one as "(_0, )"
            source = f"lambda {', '.join(['_cls', *names])}: _tuple_new(_cls, ({items}))"
            code = _NEW_CODES[arity] = eval(source, _NEW_GLOBALS).__code__
        return code

    def _record(name, fields, defaults):
        """The class ``collections.namedtuple(name, fields, defaults=defaults)`` makes: the
        same methods, behaving alike (``tests/core/test_named_tuple.py`` compares them)."""
        for field in fields:
            if field.startswith("_"):
                raise ValueError(f"{name}.{field}: a field name cannot start with an underscore")
        count = len(fields)
        signature = ", ".join(fields) + ("," if count == 1 else "")
        renamed = {"co_varnames": ("_cls", *fields), "co_name": "__new__"}
        if sys.version_info >= (3, 11):
            renamed["co_qualname"] = f"{name}.__new__"
        new = FunctionType(_new_code(count).replace(**renamed), _NEW_GLOBALS, "__new__")
        new.__defaults__ = defaults or None
        new.__doc__ = f"Create new instance of {name}({signature})"
        shown = "(" + ", ".join(f"{field}=%r" for field in fields) + ")"

        def _make(cls, iterable):
            made = tuple.__new__(cls, iterable)
            if len(made) != count:
                raise TypeError(f"Expected {count} arguments, got {len(made)}")
            return made

        def _replace(self, /, **changes):
            made = self._make(map(changes.pop, fields, self))
            if changes:
                raise ValueError(f"Got unexpected field names: {list(changes)!r}")
            return made

        def __repr__(self):
            return self.__class__.__name__ + shown % self

        def _asdict(self):
            return dict(zip(self._fields, self, strict=False))  # as namedtuple's

        def __getnewargs__(self):
            return tuple(self)

        methods = (new, _make, _replace, __repr__, _asdict, __getnewargs__)
        for method in methods:
            method.__qualname__ = f"{name}.{method.__name__}"
        _make.__doc__ = f"Make a new {name} object from a sequence or iterable"
        _replace.__doc__ = f"Return a new {name} object replacing specified fields with new values"
        __repr__.__doc__ = "Return a nicely formatted representation string"
        _asdict.__doc__ = "Return a new dict which maps field names to their values."
        __getnewargs__.__doc__ = "Return self as a plain tuple.  Used by copy and pickle."
        body = {
            "__doc__": f"{name}({signature})",
            "__slots__": (),
            "_fields": fields,
            "_field_defaults": dict(zip(fields[count - len(defaults) :], defaults, strict=True)),
            "__new__": new,
            "_make": classmethod(_make),
            "_replace": _replace,
            "__repr__": __repr__,
            "_asdict": _asdict,
            "__getnewargs__": __getnewargs__,
            "__match_args__": fields,
        }
        for index, field in enumerate(fields):
            body[field] = _tuplegetter(index, f"Alias for field number {index}")
        return type(name, (tuple,), body)
