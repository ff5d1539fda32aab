"""Problems found in content files, each pinned to a file and, where known, a line."""

from dataclasses import dataclass

# A hostile file can produce a message megabytes long (a quoted line, say).
MAX_MESSAGE_CHARS = 500


@dataclass(frozen=True)
class ContentError:
    path: str
    line: int | None
    message: str

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        message = self.message
        if len(message) > MAX_MESSAGE_CHARS:
            message = message[: MAX_MESSAGE_CHARS - 1] + "…"
        return f"{where}: {message}"


class ContentErrors(Exception):
    """Raised with every problem found in one run, so none hides behind another."""

    def __init__(self, errors):
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))
