"""Capsule transcripts: paragraphs with their moment ("[m:ss]"), and finding searched words in them.

Words are compared folded (accents and case ignored) and by rough stems, as the French full-text
search does, so the moment a search result points to is where the word is said.
"""

import re
from dataclasses import dataclass

from integration_portal.text import fold


@dataclass(frozen=True)
class Segment:
    start: int | None
    text: str


TIMESTAMP_PREFIX = re.compile(r"^\[(?:(\d+):)?(\d{1,2}):(\d{2})\]\s*")


def transcript_segments(transcript: str) -> list[Segment]:
    """Paragraphs of a transcript; those starting with "[m:ss]" carry their moment in seconds."""
    segments = []
    for paragraph in re.split(r"\n\s*\n", transcript.replace("\r\n", "\n").strip()):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        match = TIMESTAMP_PREFIX.match(paragraph)
        start = None
        if match:
            hours, minutes, seconds = match.groups()
            start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            paragraph = paragraph[match.end() :]
        segments.append(Segment(start=start, text=paragraph))
    return segments


def query_stems(query: str) -> list[str]:
    """Rough stems of the searched words ("études" -> "etud"), for finding them in a transcript."""
    words = re.findall(r"\w+", fold(query))
    return [word[: max(4, len(word) - 2)] if len(word) > 4 else word for word in words if len(word) >= 2]


def segment_matches(segment_text: str, stems: list[str]) -> bool:
    words = re.findall(r"\w+", fold(segment_text))
    return any(word.startswith(stem) for stem in stems for word in words)


def transcript_moment(transcript: str, query: str) -> int | None:
    """The moment (seconds) of the first timed paragraph of the transcript that has a searched word."""
    stems = query_stems(query)
    if not stems:
        return None
    for segment in transcript_segments(transcript):
        if segment.start is not None and segment_matches(segment.text, stems):
            return segment.start
    return None
