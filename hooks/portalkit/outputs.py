"""Every file a command writes, written whole or not at all.

A command's outputs (the report's files, a paper's pages and key, an exported list, an imported
bank) are first written to unique temporary files in their target folder, flushed to disk, and
then renamed over their targets together:

- a unique temporary name per file and per run, so two runs into one folder never write into each
  other's half-written files (a fixed name such as `.report.xlsx.tmp` did);
- the renames of one set happen while an exclusive lock on the folder is held
  (`fcntl.flock` on the folder itself), so after two runs the folder holds the whole
  set of one of them, never a mix; where there is no `fcntl` (Windows) the renames are still each
  atomic, but two runs are not kept apart;
- Ctrl-C (and SIGTERM) during the renames is deferred until they end: the set is committed and
  the interrupt is raised after it. An interrupt before the commit leaves every old file as it was
  and removes the temporary files;
- a file keeps the mode of the file it replaces (a report on a shared drive stays readable by the
  group), else the mode a new file gets under the umask;
- a target that is a symbolic link is refused, naming where it points: writing through it would
  change a file somewhere else.

Nothing here knows which command writes or what: callers pass bytes, text, or a function that
writes a path (python-docx and openpyxl save to a path)."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType, TracebackType

from portalkit.i18n import ZH, Messages

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

Content = bytes | str | Callable[[Path], None]


class WriteError(Exception):
    """A file could not be written; the message names it and says why, ready to print."""


def write_file(path: Path, content: Content, messages: Messages = ZH) -> None:
    """One file, atomically (a set of one)."""
    with OutputSet(path.parent, messages) as out:
        out.add(path.name, content)


class OutputSet:
    """Files for one folder, committed together when the `with` block ends without an exception.

        with OutputSet(outdir, messages) as out:
            out.add("report.docx", write_docx_to_path)
            out.add("report.md", text)

    `add` writes the temporary file at once (the slow part, outside the lock); the renames wait
    for the end of the block. On an exception, nothing is renamed and the temporary files go."""

    def __init__(self, folder: Path, messages: Messages = ZH) -> None:
        self.folder = folder
        self.messages = messages
        self._pending: list[tuple[Path, Path]] = []  # (temporary file, target)
        self.written: list[Path] = []

    def __enter__(self) -> OutputSet:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self._error(self.folder, error) from None
        if not self.folder.is_dir():
            raise WriteError(self.messages("outputs.not_folder", path=self.folder))
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self._discard()
            return
        try:
            self._commit()
        finally:
            self._discard()

    def add(self, name: str, content: Content) -> Path:
        """Writes `content` to a temporary file beside `name`'s target; returns the target."""
        target = self.folder / name
        if any(target.name.casefold() == t.name.casefold() for _, t in self._pending):
            raise WriteError(self.messages("outputs.twice", path=target))
        self._refuse_link(target)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=f".{name}.", suffix=".part")
        partial = Path(temporary)
        self._pending.append((partial, target))
        try:
            if callable(content):
                os.close(handle)
                content(partial)
                _fsync_path(partial)
            else:
                data = content.encode("utf-8") if isinstance(content, str) else content
                with os.fdopen(handle, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
        except OSError as error:
            raise self._error(target, error) from None
        return target

    def _refuse_link(self, target: Path) -> None:
        if target.is_symlink():
            raise WriteError(self.messages("outputs.symlink", path=target, target=os.readlink(target)))
        if target.is_dir():
            raise WriteError(self.messages("outputs.is_folder", path=target))

    def _commit(self) -> None:
        if not self._pending:
            return
        with _folder_lock(self.folder, self), _interrupts_deferred():
            for partial, target in self._pending:
                self._refuse_link(target)  # again: it may have changed while the files were written
                try:
                    os.chmod(partial, _mode_for(target))
                    os.replace(partial, target)
                except OSError as error:
                    raise self._error(target, error) from None
                self.written.append(target)
            self._pending = []
            _fsync_folder(self.folder)

    def _discard(self) -> None:
        for partial, _ in self._pending:
            with contextlib.suppress(OSError):
                partial.unlink()
        self._pending = []

    def _error(self, path: Path, error: OSError) -> WriteError:
        return WriteError(self.messages("outputs.failed", path=getattr(error, "filename", None) or path,
                                        error=error.strerror or error))


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def _fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    """The renames themselves reach the disk (POSIX; a folder cannot be opened on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def _folder_lock(folder: Path, owner: OutputSet) -> Iterator[None]:
    """An exclusive flock on the folder itself (Linux and the BSDs lock a directory's descriptor):
    no lock file is left behind among the user's files."""
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise owner._error(folder, error) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """SIGINT and SIGTERM that arrive inside the block take effect when it ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []

    def hold(number: int, frame: FrameType | None) -> None:
        received.append(number)

    previous = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):  # a signal this platform lacks
            previous[number] = signal.signal(number, hold)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            if received[0] == signal.SIGTERM:
                raise SystemExit(128 + signal.SIGTERM)
            interrupt = KeyboardInterrupt()
            interrupt.committed = True  # type: ignore[attr-defined]  # the set is written whole
            raise interrupt
