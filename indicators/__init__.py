"""indicators: quantity mentions with exact values and context from Chinese text.

>>> [m.text for m in extract("全镇累计转移农村劳动力就业1.9万余人，劳务总收入5.68亿元。")]
['1.9万余人', '5.68亿元']
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("indicators")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

from .extract import extract, extract_document  # noqa: E402
from .distributed import extract_frame  # noqa: E402
from .frame import to_frame  # noqa: E402
from .numerals import parse_number  # noqa: E402
from .types import Change, Document, Field, Mention, Qualifier  # noqa: E402

__all__ = [
    "Change", "Document", "Field", "Mention", "Qualifier", "__version__",
    "extract", "extract_document", "extract_frame", "parse_number", "to_frame",
]
