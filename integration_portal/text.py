"""Text helpers shared by every app."""

import unicodedata


def fold(text: str) -> str:
    """Case and accents ignored, as PostgreSQL's `unaccent` + `lower` compare words:
    "Infirmière à Sept-Îles, ÉCOLE" -> "infirmiere a sept-iles, ecole", "Œuvre" -> "oeuvre".

    The one folding used by searches on SQLite, transcript highlighting and occupation search keys.
    """
    # œ is a ligature, not a letter with an accent: NFKD leaves it whole, unaccent spells it "oe".
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
