"""The app's one error tree: every problem a user can cause or fix is an `AppError`.

The message is one line that names the file (or option) and the problem, and says what to do.
`exit_code` is what the command line exits with: 2 for a usage mistake (a bad option value or
combination, found before any work starts), 1 for everything else. Anything that is not an
`AppError` is a bug: the command line reports it in one line and writes the full traceback to
a log file (see `crashlog`; the window does the same).
"""

from __future__ import annotations

from typing import Any


class Message(str):
    """A message in English that remembers its template and fields, so that the window can
    show it in the user's language (the command line and the server show it as it is)."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, fields: dict[str, Any]) -> Message:
        text = super().__new__(cls, template.format(**fields) if fields else template)
        text.template = template
        text.fields = fields
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (the server's parser, training workers) pickled.
        return (Message, (self.template, self.fields))


def msg(template: str, /, **fields: Any) -> str:
    """A user-facing message: `template` in English with `{name}` fields, filled from `fields`.

    Always call it with a literal template: `make i18n` (pyside6-lupdate, which knows `msg` as
    an alias of `tr`) collects the templates for the translators. A field may be another
    message (a cause), which the window translates too; file names, numbers and options stay
    as they are.
    """
    return Message(template, fields)  # typed str: it goes wherever text goes


def cause(exc: BaseException) -> str:
    """An exception's message as the cause in another message: an app error's own message
    (a `Message`, which the window translates), any other exception's text as it is."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc)


class AppError(Exception):
    """A user-facing problem; `str(exc)` is the one line to show."""

    exit_code = 1


class UsageError(AppError):
    """A bad option value or combination, found before any work starts."""

    exit_code = 2


class WeightsError(AppError):
    """Anything wrong with a weight file, the weight cache or a download."""


class ImageError(AppError):
    """An input that cannot be classified; the message names the file and the problem."""


class ImageTooLarge(ImageError):
    """An image over the pixel limit (a possible decompression bomb): refused before it is
    decoded. The server answers it with 413, by this type, never by its words."""


class NonFiniteOutput(ImageError):
    """Some inputs of a batch make the network's outputs non-finite numbers while a known-good
    input does not: those inputs' fault, not the weights'. `rows` are their positions in
    the batch; `output` the batch's logits (the other rows are good answers)."""

    def __init__(self, message: str, rows: list[int], output: Any) -> None:
        super().__init__(message)
        self.rows = rows
        self.output = output


class BackendError(AppError):
    """A backend, precision or device that cannot be used here."""


class NoInt8Export(BackendError):
    """int8 was asked for weights that have no int8 export: one is made from some photos (the
    `quantize` command, or the window's "Make an int8 version…"). `network` and `weights`
    (the weights' name) say which, so each front-end gives its own advice."""

    def __init__(self, message: str, network: str, weights: str) -> None:
        super().__init__(message)
        self.network = network
        self.weights = weights


class NoNativeBf16(BackendError):
    """bf16 was asked on a CPU without native bf16 (emulated bf16 is slower than fp32)."""


class DatasetError(AppError):
    """A folder or label file that cannot be used for training or evaluation."""


class TrainingError(AppError):
    """Training could not go on (no readable image, a resume file that does not fit, ...)."""


class OutputError(AppError):
    """An output path that cannot be written, or a data folder that cannot be used."""


class OutputWriteError(OutputError, OSError):
    """Writing an output failed (disk full, not writable, a file system that refuses it): one
    line for the error boundary, and still an OSError with its errno for code handling those.
    """

    def __init__(self, message: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.errno = errno


class ServeError(AppError):
    """The inference server cannot start as asked (port taken, unsafe host, ...)."""


class PortInUse(ServeError):
    """The port to listen on is taken by another program; `port` says which."""

    def __init__(self, message: str, port: int) -> None:
        super().__init__(message)
        self.port = port


class Cancelled(Exception):
    """Raised inside long work when its task handle was cancelled. Not an error: the work
    stopped because somebody asked it to."""
