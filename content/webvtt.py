"""A small WebVTT reader: enough to validate captions with an error naming the bad line, and to
read the cues back (the transcript's "jump to the moment" and the demo capsules use it).

It follows the W3C WebVTT syntax for what captions need: the "WEBVTT" signature, optional
header text, NOTE/STYLE/REGION blocks, cues with an optional identifier, a timing line
"start --> end [settings]" where end > start, and at least one line of text.
"""

import re
from dataclasses import dataclass

TIMESTAMP = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
TIMING_LINE = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t]+(.*))?$")
SETTING = re.compile(r"^(vertical|line|position|size|align|region):\S+$")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    line: int  # line number of the timing line (1-based)


class WebVTTError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message


def _seconds(hours, minutes, seconds, millis) -> float:
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def parse(text: str) -> list[Cue]:
    """The cues of a WebVTT document; raises WebVTTError(line, message) on the first problem.

    Messages are short codes the validator turns into sentences for the person:
    "signature", "timing", "order", "empty_cue", "settings", "no_cue".
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = lines[0] if lines else ""
    if not (first == "WEBVTT" or first.startswith("WEBVTT ") or first.startswith("WEBVTT\t")):
        raise WebVTTError(1, "signature")
    index = 1
    # Header: everything up to the first blank line.
    while index < len(lines) and lines[index].strip():
        if "-->" in lines[index]:
            raise WebVTTError(index + 1, "header")
        index += 1
    cues: list[Cue] = []
    while index < len(lines):
        while index < len(lines) and not lines[index].strip():
            index += 1
        if index >= len(lines):
            break
        block_start = index
        block = []
        while index < len(lines) and lines[index].strip():
            block.append(lines[index])
            index += 1
        head = block[0]
        if head.startswith(("NOTE", "STYLE", "REGION")) and "-->" not in head:
            continue
        timing_offset = 0 if "-->" in head else 1
        if timing_offset == 1 and (len(block) < 2 or "-->" not in block[1]):
            # No timing line where one is expected: name the block's first line, most often the culprit.
            raise WebVTTError(block_start + 1, "timing")
        timing_line_number = block_start + 1 + timing_offset
        match = TIMING_LINE.match(block[timing_offset].strip())
        if not match:
            raise WebVTTError(timing_line_number, "timing")
        groups = match.groups()
        start, end = _seconds(*groups[0:4]), _seconds(*groups[4:8])
        if end <= start:
            raise WebVTTError(timing_line_number, "order")
        if cues and start < cues[-1].start:
            raise WebVTTError(timing_line_number, "sequence")
        if groups[8]:
            for setting in groups[8].split():
                if not SETTING.match(setting):
                    raise WebVTTError(timing_line_number, "settings")
        text_lines = block[timing_offset + 1 :]
        if not text_lines:
            raise WebVTTError(timing_line_number, "empty_cue")
        for offset, line in enumerate(text_lines):
            if "-->" in line:
                raise WebVTTError(timing_line_number + 1 + offset, "timing_in_text")
        cues.append(Cue(start=start, end=end, text="\n".join(text_lines), line=timing_line_number))
    if not cues:
        raise WebVTTError(len(lines), "no_cue")
    return cues


def format_timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def build(cues: list[tuple[float, float, str]]) -> str:
    parts = ["WEBVTT", ""]
    for start, end, text in cues:
        parts += [f"{format_timestamp(start)} --> {format_timestamp(end)}", text, ""]
    return "\n".join(parts)
