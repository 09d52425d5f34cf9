"""The terminal front end of newsdesk (Textual)."""

import os

FRAMES_PER_SECOND = 120
"""How often the desk's screen may update. Textual paces updates at 60 a second by default:
a key that came right after a frame (often the one saying the last change is saved) waited
up to 17 ms for the next slot. Textual reads `TEXTUAL_FPS` when it is first imported, which
every module of this package does after this one; an analyst's own setting wins."""

os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
