"""Errors raised by the library. Only the CLI and the app turn them into messages and exit codes.

Hierarchy::

    MinutesError                    base of everything this package raises on purpose
    ├── ConfigError                 a setting or option has an unusable value
    ├── InputError                  one input file cannot be ingested (the run goes on)
    │   ├── UnsupportedFileError    not a format we read
    │   ├── EmptyFileError          no text at all
    │   ├── ScannedPdfError         a PDF with no text layer ("scanned, no text")
    │   └── UnreadableFileError     corrupt, encrypted, binary or undecodable
    ├── IndexFolderError            an index folder problem
    │   ├── IndexNotFoundError      no index with that name/path
    │   ├── IndexLockedError        another ingest is writing the index
    │   ├── IndexCorruptError       files missing or inconsistent beyond repair
    │   ├── IndexWriteError         the index cannot be written (read-only, disk full, a file)
    │   └── EmbedderMismatchError   query embedder differs from the one that built the index
    ├── ModelError                  an embedding model cannot be loaded (names what to install)
    │   └── OcrUnavailableError     the OCR extra is not installed (names what to install)
    └── FetchError                  one URL cannot be fetched from a council site (the run goes on)
        ├── DownloadSkipped         deliberately not downloaded (robots.txt, size cap, off-site)
        └── SiteUnreachableError    the site does not answer at all (the fetch stops)

Every message is one sentence a user can act on; ``InputError`` carries the file path and
``FetchError`` the URL.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ConfigError",
    "DownloadSkipped",
    "EmbedderMismatchError",
    "EmptyFileError",
    "FetchError",
    "IndexCorruptError",
    "IndexFolderError",
    "IndexLockedError",
    "IndexNotFoundError",
    "IndexWriteError",
    "InputError",
    "MinutesError",
    "ModelError",
    "OcrUnavailableError",
    "ScannedPdfError",
    "SiteUnreachableError",
    "UnreadableFileError",
    "UnsupportedFileError",
]


class MinutesError(Exception):
    """Base class for every error this package raises deliberately."""


class ConfigError(MinutesError):
    """A setting, option or argument has a value we cannot use."""


class InputError(MinutesError):
    """One input file cannot be ingested; the message names the file and the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsupportedFileError(InputError):
    """The file type is not one we read."""


class EmptyFileError(InputError):
    """The file holds no text."""


class ScannedPdfError(InputError):
    """A PDF whose pages have no text layer (typically a scan)."""


class UnreadableFileError(InputError):
    """Corrupt, encrypted, binary, or text in an encoding we cannot decode."""


class IndexFolderError(MinutesError):
    """Base class for problems with an index folder."""


class IndexNotFoundError(IndexFolderError):
    """No index exists at the given name or path."""


class IndexLockedError(IndexFolderError):
    """Another process holds the index's write lock."""


class IndexCorruptError(IndexFolderError):
    """The index's files are missing or inconsistent and cannot be repaired automatically."""


class IndexWriteError(IndexFolderError):
    """The index folder cannot be created or written: read-only, disk full, or a file stands
    where the folder should be. What was written before stays as it was."""


class EmbedderMismatchError(IndexFolderError):
    """The embedder asked for differs from the one that built the index."""


class ModelError(MinutesError):
    """An embedding model cannot be loaded."""


class OcrUnavailableError(ModelError):
    """The OCR engine (the ``[ocr]`` extra) is not installed; the message says how to add it."""


class FetchError(MinutesError):
    """A URL could not be fetched (HTTP error after retries, timeout, redirect off the site).

    ``minutes fetch`` records it against the URL as *failed* and goes on with the next one.
    """

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = " ".join(reason.split())  # one line, whatever the transport said
        super().__init__(f"{url}: {self.reason}")


class DownloadSkipped(FetchError):  # noqa: N818 - a deliberate skip, not an error
    """A URL deliberately left alone: robots.txt disallows it, it is larger than the size cap,
    or it points off the council's host. Recorded as *skipped*, not failed."""


class SiteUnreachableError(FetchError):
    """The council site does not answer at all (DNS, refused connection, robots.txt errors),
    so there is nothing to go on with."""
