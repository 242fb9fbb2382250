"""Every file a command reads from its users: found without following links, read within bounds.

A folder handed to `report` (or `import`, `scores`, `ledger`) may come from an archive a branch
sent in, and archives keep symbolic links: a link to /etc/shadow or to ~/.git-credentials would
otherwise be read, refused, and quoted. So:

- the paths named on the command line are taken as given (the user chose them, links included);
- inside a folder, only regular files are read: symbolic links, FIFOs (which would block the
  read forever), sockets and devices are listed as skipped with the reason, never opened; a
  subfolder that cannot be listed is listed as skipped too, not silently left out;
- hidden entries (`.git`, `.DS_Store`) and Office lock files (`~$报告.docx`) are passed over
  silently: they are never a user's data;
- a file is opened with O_NOFOLLOW and O_NONBLOCK and checked with fstat to be the regular file
  that was found (not one swapped in since), and read to at most its bound;
- no message here quotes a file's content.

`branch` is the first folder under the given folder that the file sits in (`材料/第三党支部/x.json`
→ 第三党支部): the report uses it for a run that does not name its organisation."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portalkit.i18n import ZH, Messages
from portalkit.limits import LIMITS

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
               | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


class InputError(Exception):
    """A file that cannot be read as asked; the message says why without quoting it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class InputFile:
    display: str  # as messages name it: the given path joined with the path inside it
    path: Path
    branch: str = ""  # first folder under the given folder, "" for a file given directly
    identity: tuple[int, int] = (0, 0)  # (device, inode) when found, to notice a swap


@dataclass(frozen=True)
class Skipped:
    display: str
    code: str  # symlink | special | unreadable-folder | outside | too-many | missing
    reason: str


@dataclass
class Found:
    files: list[InputFile] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$"))


def find_inputs(paths: Sequence[Path], messages: Messages = ZH, *, exclude: Sequence[Path] = ()) -> Found:
    """Files to read under `paths`, in name order; `exclude`: files never read (a command's own
    outputs). A file reached twice is read once."""
    found = Found()
    skip = {_real(p) for p in exclude}
    seen: set[tuple[int, int]] = set()
    most = LIMITS["inputFiles"]

    def add(display: str, path: Path, branch: str, info: os.stat_result) -> None:
        key = (info.st_dev, info.st_ino)
        if key in seen or _real(path) in skip:
            return
        seen.add(key)
        if len(found.files) >= most:
            if not any(s.code == "too-many" for s in found.skipped):
                found.skipped.append(Skipped(display, "too-many", messages("inputs.too_many", most=most)))
            return
        found.files.append(InputFile(display, path, branch, key))

    def walk(folder: Path, display: str, branch: str) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as error:
            found.skipped.append(Skipped(display + "/", "unreadable-folder",
                                         messages("inputs.unreadable_folder", error=error.strerror or error)))
            return
        for entry in entries:
            if _hidden(entry.name):
                continue
            shown = f"{display}/{entry.name}"
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError as error:
                found.skipped.append(Skipped(shown, "unreadable", messages("inputs.unreadable", error=error.strerror)))
                continue
            if stat.S_ISLNK(info.st_mode):
                found.skipped.append(Skipped(shown, "symlink", messages("inputs.symlink")))
            elif stat.S_ISDIR(info.st_mode):
                walk(Path(entry.path), shown, branch or entry.name)
            elif stat.S_ISREG(info.st_mode):
                add(shown, Path(entry.path), branch, info)
            else:
                found.skipped.append(Skipped(shown, "special", messages("inputs.special")))

    for given in paths:
        display = given.as_posix()
        try:
            info = given.stat()  # a path the user named is followed, links included
        except OSError as error:
            found.skipped.append(Skipped(display, "missing", messages("inputs.missing", error=error.strerror)))
            continue
        if stat.S_ISDIR(info.st_mode):
            walk(given, display.rstrip("/") or "/", "")
        elif stat.S_ISREG(info.st_mode):
            add(display, given, "", info)
        else:
            found.skipped.append(Skipped(display, "special", messages("inputs.special")))
    return found


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def read_input(file: InputFile, limit: int, messages: Messages = ZH) -> bytes:
    """The file's bytes, at most `limit` of them; raises InputError (too-big, special, changed,
    unreadable)."""
    try:
        fd = os.open(file.path, _OPEN_FLAGS)
    except OSError as error:
        raise InputError("unreadable", messages("inputs.unreadable", error=error.strerror or error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("special", messages("inputs.special"))
        if file.identity != (0, 0) and (info.st_dev, info.st_ino) != file.identity:
            raise InputError("changed", messages("inputs.changed"))
        if info.st_size > limit:
            raise InputError("too-big", too_big(info.st_size, limit, messages))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:  # the file may grow while it is read: never past the bound
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise InputError("too-big", too_big(total, limit, messages))
        return b"".join(chunks)
    except OSError as error:
        raise InputError("unreadable", messages("inputs.unreadable", error=error.strerror or error)) from None
    finally:
        os.close(fd)


def too_big(size: int, limit: int, messages: Messages = ZH) -> str:
    return messages("inputs.too_big", size=f"{size / 1024 / 1024:.1f}", limit=f"{limit / 1024 / 1024:g}")
