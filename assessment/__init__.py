"""Dialogue maturity workbook: assess and plan how an organisation uses social media for dialogue."""

from .data.scale import Scale, load_scale, resolve_scale
from .document.context import Opened, create_assessment, open_assessment
from .document.model import Assessment
from .document.store import AssessmentFile, load
from .errors import AssessmentError, ConflictError, SaveFailed, ValidationFailed

__all__ = [
    "Assessment",
    "AssessmentError",
    "AssessmentFile",
    "ConflictError",
    "Opened",
    "SaveFailed",
    "Scale",
    "ValidationFailed",
    "create_assessment",
    "load",
    "load_scale",
    "open_assessment",
    "resolve_scale",
]
__version__ = "0.1.0"
