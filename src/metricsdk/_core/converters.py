"""Building blocks for the per-wire-convention cattrs converters.

Each service family has ONE converter (`make_converter`): field names mapped to the wire's
case, timestamps in the wire's format, ``None`` fields left out of requests, and strict scalars
on the way in, so a wrong type in an answer is an error, not a silent coercion. It is built
once, the first time a request or an answer needs it, never per call: importing a package
loads neither cattrs nor any converter (a few milliseconds a program may never need).
"""

from __future__ import annotations

import enum
import functools
import json
import threading
import types
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar, Union, cast, get_args, get_origin

import attrs

from metricsdk.errors import MalformedResponseError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "EPOCH",
    "LazyConverter",
    "as_utc",
    "camel_case",
    "checked_list",
    "checked_object",
    "datetimes",
    "ints",
    "load_json_object",
    "make_converter",
    "open_enum",
    "pascal_case",
    "read_answer",
    "strict",
    "utc_from_epoch",
    "structure_answer",
    "unchecked",
]

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")


def pascal_case(name: str) -> str:
    """``start_date`` -> ``StartDate``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def camel_case(name: str) -> str:
    """``date_time_as_string`` -> ``dateTimeAsString``."""
    first, *rest = name.split("_")
    return first + "".join(part[:1].upper() + part[1:] for part in rest)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
"""The Unix epoch, timezone-aware: epoch seconds and milliseconds are counted from it."""


def as_utc(value: datetime) -> datetime:
    """A timezone-aware UTC datetime; a naive one is taken as UTC (as boto3 does).

    Raises:
        ValueError: if the instant falls outside the years 1 to 9999 once moved to UTC
            (``0001-01-01T00:00+05:00``, ``9999-12-31T23:00-05:00``), where ``datetime``
            itself would raise ``OverflowError``.
    """
    tz = value.tzinfo
    if tz is timezone.utc:
        return value
    # Python's own test of awareness: a tzinfo whose utcoffset() is None leaves it naive.
    if tz is None or value.utcoffset() is None:
        return value.replace(tzinfo=timezone.utc)
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError(
            f"{value.isoformat()} is outside the range of datetime once moved to UTC "
            "(0001-01-01 to 9999-12-31)"
        ) from None


def open_enum(enum_cls: type[E], value: str) -> E | str:
    """The member of ``enum_cls`` with this value, or the plain string if there is none yet
    (a service may add values before the SDK knows them)."""
    members: dict[object, E] = _members_by_value(enum_cls)
    return members.get(value, value)


@functools.cache
def _members_by_value(enum_cls: type[E]) -> dict[object, E]:
    # A dict lookup; calling the enum class costs ~1 µs a value and an exception for a new one.
    return {member.value: member for member in enum_cls}


def _open_enum_member(tp: Any) -> type[enum.Enum] | None:
    if get_origin(tp) not in (Union, types.UnionType):
        return None
    args = get_args(tp)
    enums = [a for a in args if isinstance(a, type) and issubclass(a, enum.Enum)]
    if len(enums) == 1 and str in args and len(args) == 2:
        return enums[0]
    return None


def _is_list_type(tp: Any) -> bool:
    origin: Any = get_origin(tp)
    return origin is list


# Compared with exact types (`map(type, ...)`), so bool, a subclass of int, is not a number.
_EPOCH_TYPES = frozenset({int, float})


@functools.lru_cache(maxsize=4096)
def utc_from_epoch(seconds: float) -> datetime:
    """The aware UTC datetime of an epoch second, one shared object per instant.

    The queries of one pull mostly share their days, so their answers repeat the same
    timestamps: sharing them (datetimes are immutable) keeps 30 points of 10,000 results from
    holding 300,000 copies of a month's 30 days, and a cache hit is cheaper than building one.
    """
    return datetime.fromtimestamp(seconds, _UTC)


_INT_ONLY = frozenset({int})
_UTC = timezone.utc

# The checks every converter applies to an answer, as plain functions: the converters' hooks
# call them, and so does a hand-written reader of a hot operation's answer (SES's
# ``BatchGetMetricData``), which must read exactly what a converter reads without loading
# cattrs on its first call.


def strict(kind: type[T], value: Any) -> T:
    """``value`` if it is a ``kind`` (a str, int, float or bool), else ``TypeError``: no
    coercion, a bool is not a number, and an int is taken as a float."""
    if type(value) is bool and kind is not bool:
        raise TypeError(f"expected {kind.__name__}, got bool")
    if kind is float and type(value) is int:
        return cast(T, float(value))
    if not isinstance(value, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(value).__name__}")
    return value


def checked_list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else ``TypeError``."""
    if type(value) is not list:
        raise TypeError(f"expected a list, got {type(value).__name__}")
    return value


def checked_object(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, its null members dropped, else ``TypeError``.

    A JSON null member reads as an absent one, as botocore's parsers and the proto3 JSON
    mapping read it: ``"Results": null`` is an empty list, not an error.
    """
    if not isinstance(value, dict):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    if None in value.values():
        return {key: item for key, item in value.items() if item is not None}
    return value


def ints(value: Any) -> list[int]:
    """A JSON array of integers (no bools, no floats), else ``TypeError``."""
    items = checked_list(value)
    # Series of counts are most of every metrics answer: one pass over the types when all is well.
    if _INT_ONLY.issuperset(map(type, items)):
        return list(items)
    return [strict(int, item) for item in items]


def datetimes(
    value: Any, structure_datetime: Callable[[Any], datetime], *, numbers_are_epoch_seconds: bool
) -> list[datetime]:
    """A JSON array of timestamps, each read by ``structure_datetime``; epoch seconds (when
    ``numbers_are_epoch_seconds``) in one pass that shares one object per instant."""
    items = checked_list(value)
    if numbers_are_epoch_seconds and _EPOCH_TYPES.issuperset(map(type, items)):
        return [utc_from_epoch(item) for item in items]
    return [structure_datetime(item) for item in items]


def _strict(kind: type[Any]) -> Callable[[Any, type[Any]], Any]:
    return lambda value, _: strict(kind, value)


class LazyConverter:
    """A cattrs converter built the first time it is used, with every hook registered on it
    before then; the same methods as the converter for what the SDK uses of it."""

    __slots__ = ("_build", "_converter", "_lock", "_setup")

    def __init__(self, build: Callable[[], cattrs.Converter]) -> None:
        self._build = build
        self._converter: cattrs.Converter | None = None
        self._setup: list[Callable[[cattrs.Converter], object]] = []
        self._lock = threading.Lock()

    def _ready(self) -> cattrs.Converter:
        converter = self._converter
        if converter is None:
            with self._lock:
                if self._converter is None:
                    built = self._build()
                    for step in self._setup:
                        step(built)
                    self._converter = built
                converter = self._converter
        return converter

    def _configure(self, step: Callable[[cattrs.Converter], object]) -> None:
        with self._lock:
            if self._converter is None:
                self._setup.append(step)
                return
        step(self._converter)

    def structure(self, obj: Any, cl: type[T]) -> T:
        """``cattrs.Converter.structure``."""
        return self._ready().structure(obj, cl)

    def unstructure(self, obj: Any, unstructure_as: Any = None) -> Any:
        """``cattrs.Converter.unstructure``."""
        return self._ready().unstructure(obj, unstructure_as=unstructure_as)

    def get_structure_hook(self, tp: Any) -> Callable[[Any, Any], Any]:
        """``cattrs.Converter.get_structure_hook``."""
        return self._ready().get_structure_hook(tp)

    def register_structure_hook(self, cl: Any, func: Callable[[Any, Any], Any]) -> None:
        """``cattrs.Converter.register_structure_hook``, applied when the converter is built."""
        self._configure(lambda conv: conv.register_structure_hook(cl, func))

    def register_unstructure_hook(self, cl: Any, func: Callable[[Any], Any]) -> None:
        """``cattrs.Converter.register_unstructure_hook``, applied when it is built."""
        self._configure(lambda conv: conv.register_unstructure_hook(cl, func))

    def register_structure_hook_factory(
        self, predicate: Callable[[Any], bool], factory: Callable[[Any], Any]
    ) -> None:
        """``cattrs.Converter.register_structure_hook_factory``, applied when it is built."""
        self._configure(lambda conv: conv.register_structure_hook_factory(predicate, factory))


def make_converter(
    *,
    wire_name: Callable[[str], str],
    structure_datetime: Callable[[Any], datetime],
    unstructure_datetime: Callable[[datetime], Any],
    numbers_are_epoch_seconds: bool = False,
) -> LazyConverter:
    """One converter for one wire convention, built on first use.

    Args:
        wire_name: maps a model field name to its wire name.
        structure_datetime: reads a wire timestamp (raises ``TypeError``/``ValueError`` on junk).
        unstructure_datetime: writes a timestamp the wire's way.
        numbers_are_epoch_seconds: ``structure_datetime`` reads a number as epoch seconds, so a
            list of numbers may be converted in one pass.
    """
    return LazyConverter(
        functools.partial(
            _build_converter,
            wire_name=wire_name,
            structure_datetime=structure_datetime,
            unstructure_datetime=unstructure_datetime,
            numbers_are_epoch_seconds=numbers_are_epoch_seconds,
        )
    )


def _build_converter(
    *,
    wire_name: Callable[[str], str],
    structure_datetime: Callable[[Any], datetime],
    unstructure_datetime: Callable[[datetime], Any],
    numbers_are_epoch_seconds: bool,
) -> cattrs.Converter:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    conv = cattrs.Converter(detailed_validation=False)
    for kind in (str, int, float, bool):
        conv.register_structure_hook(kind, _strict(kind))
    conv.register_structure_hook(datetime, lambda v, _: structure_datetime(v))
    conv.register_unstructure_hook(datetime, unstructure_datetime)

    def list_hook(tp: Any) -> Callable[[Any, Any], list[Any]]:
        (item_type,) = get_args(tp) or (Any,)
        if item_type is datetime:
            return lambda value, _: datetimes(
                value, structure_datetime, numbers_are_epoch_seconds=numbers_are_epoch_seconds
            )
        if item_type is int:
            return lambda value, _: ints(value)
        item = conv.get_structure_hook(item_type)
        return lambda value, _: [item(v, item_type) for v in checked_list(value)]

    conv.register_structure_hook_factory(_is_list_type, list_hook)

    def enum_hook(tp: Any) -> Callable[[Any, Any], Any]:
        enum_cls = _open_enum_member(tp)
        assert enum_cls is not None
        return lambda value, _: open_enum(enum_cls, strict(str, value))

    conv.register_structure_hook_factory(lambda t: _open_enum_member(t) is not None, enum_hook)

    def attrs_structure(cl: type[Any]) -> Callable[[Any, Any], Any]:
        overrides = {a.name: override(rename=wire_name(a.name)) for a in attrs.fields(cl)}
        fn = make_dict_structure_fn(cl, conv, **overrides)  # type: ignore[arg-type]
        return lambda value, tp: fn(checked_object(value), tp)

    def attrs_unstructure(cl: type[Any]) -> Callable[[Any], Any]:
        overrides = {
            a.name: override(rename=wire_name(a.name), omit_if_default=a.default is None)
            for a in attrs.fields(cl)
        }
        return make_dict_unstructure_fn(cl, conv, **overrides)  # type: ignore[arg-type]

    conv.register_structure_hook_factory(attrs.has, attrs_structure)
    conv.register_unstructure_hook_factory(attrs.has, attrs_unstructure)
    return conv


def unchecked(cls: type[T], **fields: Any) -> T:
    """An instance of the attrs class ``cls`` built without its converters, validators and
    post-init checks; fields not given take their defaults.

    For answers: the request models' classes carry them too, and an answer is never held to
    the rules of a request (lengths, patterns, order, values this SDK knows).

    Raises:
        TypeError: if a field without a default is not given.
    """
    instance = object.__new__(cls)
    for field in attrs.fields(cast(Any, cls)):
        if field.name in fields:
            value = fields[field.name]
        elif isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            value = field.default.factory()
        elif field.default is not attrs.NOTHING:
            value = field.default
        else:
            raise TypeError(f"{cls.__name__}.{field.name} is required")
        object.__setattr__(instance, field.name, value)
    return instance


def load_json_object(body: bytes, *, status: int, service: str, operation: str) -> dict[str, Any]:
    """Decode a JSON object from an answer body, or raise `MalformedResponseError`.

    Whatever the decoder raises becomes `MalformedResponseError`: not only ``ValueError`` but
    ``RecursionError`` (JSON nested deeper than the interpreter's stack) or ``MemoryError``,
    so one unreadable answer is one failed call, never an unexpected exception type.
    """
    try:
        data = json.loads(body)
    except Exception as exc:
        raise MalformedResponseError(
            f"{operation}: {_undecodable(exc)} ({len(body)} bytes)",
            status_code=status,
            service=service,
        ) from None
    if not isinstance(data, dict):
        raise MalformedResponseError(
            f"{operation}: expected a JSON object, got {type(data).__name__}",
            status_code=status,
            service=service,
        )
    return data


def structure_answer(
    conv: LazyConverter,
    data: Any,
    cls: type[T],
    *,
    status: int,
    service: str,
    operation: str,
) -> T:
    """Structure a decoded answer into ``cls``, turning any shape or type mismatch, and
    anything else Python raises while structuring (``RecursionError`` included), into
    `MalformedResponseError` (never an ``AttributeError``/``KeyError`` for the caller)."""
    return read_answer(
        functools.partial(conv.structure, cl=cls),
        data,
        status=status,
        service=service,
        operation=operation,
    )


def read_answer(
    read: Callable[[Any], T], data: Any, *, status: int, service: str, operation: str
) -> T:
    """``read(data)``, with whatever it raises turned into `MalformedResponseError`, as
    `structure_answer` does: for an answer read by hand rather than by a converter."""
    try:
        return read(data)
    except Exception as exc:  # whatever reading raises, the caller sees one error class
        raise MalformedResponseError(
            f"{operation}: the answer has an unexpected shape or type ({type(exc).__name__}: "
            f"{_short(exc)})",
            status_code=status,
            service=service,
        ) from None


def _undecodable(exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "the answer's JSON is nested too deeply to decode"
    return "the answer is not valid JSON"


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "..."
