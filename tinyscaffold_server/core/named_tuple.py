"""``NamedTuple`` for the package's records, built without ``typing``'s run-time checks.

``typing.NamedTuple`` checks each field's annotation as it builds the class; with postponed
annotations every one is a string it compiles into a ``ForwardRef``.  For the package's
~45 records that was ~4 ms of every CLI start, paid before any work.  This builds the same
class as ``typing.NamedTuple`` does (``collections.namedtuple`` with the class body's
defaults, methods and docstring), keeping the annotations as written.  Type checkers see
``typing.NamedTuple`` itself, so the records are typed exactly as before.
"""

from __future__ import annotations

import collections

TYPE_CHECKING = False  # typing's own flag would import typing, which this module avoids
if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
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
            record = collections.namedtuple(
                name,
                list(fields),
                defaults=[namespace[field] for field in defaulted],
                module=namespace["__module__"],
            )
            record.__annotations__ = record.__new__.__annotations__ = fields
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_NamedTupleMeta):
        """Derive a record from this as from ``typing.NamedTuple``."""
