"""Acting on a folder check, losing nothing: move an image to another class, remove it from
training (moved into an `_excluded` folder beside it, never deleted), or keep it (it is not
flagged again). Every action is written to a journal in the data folder
(`.inception-review/journal.jsonl`) before it is carried out, so each one can be undone, after
a restart too.

Nothing is overwritten: a move never replaces a file (a name that is taken gets a free
variant), an action on a file that changed on disk since the check is refused (so a review
left open while files are renamed, edited or deleted elsewhere says so instead of acting on
what is no longer there), and an undo whose way back is blocked is refused. Actions of two
windows or processes on one folder take turns (a lock file). Moved images keep their cached
features, so checking the folder again computes nothing new.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from inception_desktop.engine.images import EXCLUDED_FOLDER
from inception_desktop.errors import DatasetError, OutputError, msg
from inception_desktop.fileio import disk_error_text, file_sha256

STATE_FOLDER = ".inception-review"
JOURNAL_NAME = "journal.jsonl"
LOCK_WAIT_S = 10.0


class ReviewConflict(DatasetError):
    """The folder changed on disk in a way that makes the action unsafe (one line, saying
    what to do)."""


@dataclass(frozen=True)
class FileStamp:
    """What a file looked like when the folder was checked."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class FileMove:
    source: str  # relative to the data folder, with / between parts
    target: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Action:
    """One journal entry: a move, an exclusion, a keep, or the undo of one of them."""

    id: str
    kind: str  # "move", "exclude", "keep" or "undo"
    time: str
    moves: tuple[FileMove, ...] = ()
    files: tuple[str, ...] = ()  # what it concerns, relative to the data folder
    keep: str = ""  # a keep's key (see keep_key)
    to_class: str = ""  # a move's class
    undoes: str = ""  # an undo's action

    def describe(self) -> str:
        """One line for a person."""
        if self.kind == "move" and self.moves:
            return msg("moved {file} to {to_class}", file=self.moves[0].source,
                       to_class=self.to_class)
        if self.kind == "exclude" and self.moves:
            return msg("removed {file} from training", file=self.moves[0].source)
        if self.kind == "keep":
            if len(self.files) == 1:
                return msg("kept {file}", file=self.files[0])
            return msg("kept {n} files", n=len(self.files))
        return msg("undid {action}", action=self.undoes)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"v": 1, "id": self.id, "kind": self.kind, "time": self.time}
        if self.moves:
            out["moves"] = [m.__dict__ for m in self.moves]
        for name in ("files", "keep", "to_class", "undoes"):
            value = getattr(self, name)
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Action:
        moves = tuple(FileMove(str(m["source"]), str(m["target"]), str(m["sha256"]),
                               int(m["size"])) for m in data.get("moves", []))
        return cls(str(data["id"]), str(data["kind"]), str(data.get("time", "")), moves,
                   tuple(str(f) for f in data.get("files", [])), str(data.get("keep", "")),
                   str(data.get("to_class", "")), str(data.get("undoes", "")))


def keep_key(kind: str, sha256s: list[str], given: str = "") -> str:
    """What a Keep remembers: a label issue by content and given class (moved to another
    class, it may be flagged there), an outlier by content, a duplicate group by the contents
    of its files (a new copy joining it is flagged again)."""
    if kind == "label":
        return f"label:{sha256s[0]}:{given}"
    if kind == "outlier":
        return f"outlier:{sha256s[0]}"
    if kind == "duplicate":
        return "duplicate:" + ",".join(sorted(set(sha256s)))
    raise ValueError(kind)


def is_kept(key: str, kept: set[str]) -> bool:
    """Whether a flagged item's key is covered by a Keep (a duplicate group is, when a kept
    group holds all of its files)."""
    if key in kept:
        return True
    if key.startswith("duplicate:"):
        mine = set(key.removeprefix("duplicate:").split(","))
        return any(k.startswith("duplicate:") and mine <= set(k[10:].split(","))
                   for k in kept)
    return False


@dataclass
class _Journal:
    actions: dict[str, Action] = field(default_factory=dict)  # in journal order
    status: dict[str, str] = field(default_factory=dict)  # id -> "done" / "failed"


class Review:
    """The actions on one data folder, from its journal (read again before every action, so
    two windows on one folder see each other's)."""

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).expanduser().resolve()
        self.state_dir = self.root / STATE_FOLDER
        self.journal_path = self.state_dir / JOURNAL_NAME
        self._journal = self._read()

    # ------------------------------------------------------------------ reading

    def _read(self) -> _Journal:
        out = _Journal()
        try:
            lines = self.journal_path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return out
        except (OSError, UnicodeDecodeError) as exc:
            raise DatasetError(msg("{file}: cannot be read ({reason})", file=self.journal_path,
                                   reason=getattr(exc, 'strerror', None) or str(exc))) from None
        for line in lines:
            try:
                data = json.loads(line)
                if "kind" in data:
                    action = Action.from_json(data)
                    out.actions[action.id] = action
                    if data.get("done"):
                        out.status[action.id] = "done"
                elif data.get("id") in out.actions:
                    out.status[str(data["id"])] = "done" if data.get("done") else "failed"
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # a line cut short by a crash: what it began never finished
        for action_id, action in out.actions.items():
            if action_id not in out.status:  # interrupted mid-way: the disk tells
                out.status[action_id] = "done" if self._happened(action) else "failed"
        return out

    def _happened(self, action: Action) -> bool:
        return bool(action.moves) and all(
            (self.root / m.target).exists() and not (self.root / m.source).exists()
            for m in action.moves)

    def refresh(self) -> None:
        """Read the journal again (another window may have acted)."""
        self._journal = self._read()

    def _undone(self) -> set[str]:
        j = self._journal
        return {a.undoes for a in j.actions.values()
                if a.kind == "undo" and j.status.get(a.id) == "done"}

    def history(self) -> list[Action]:
        """The actions in effect (done and not undone), oldest first."""
        undone = self._undone()
        return [a for a in self._journal.actions.values()
                if a.kind != "undo" and self._journal.status.get(a.id) == "done" and
                a.id not in undone]

    def kept(self) -> set[str]:
        """The keys of the Keeps in effect."""
        return {a.keep for a in self.history() if a.kind == "keep"}

    def moved_away(self) -> dict[str, str]:
        """Where the actions in effect moved files: source -> target."""
        return {m.source: m.target for a in self.history() for m in a.moves}

    # ------------------------------------------------------------------ acting

    def move_to_class(self, file: str, to_class: str, seen: FileStamp | None = None
                      ) -> Action:
        """Move `file` (relative to the data folder) into the folder of `to_class` of its
        split (created if missing). `seen`: the file as the check saw it."""
        rel = self._relative(file)
        split, cls = self._split_and_class(rel)
        if not to_class or to_class in (".", "..") or "/" in to_class or "\\" in to_class \
                or to_class.startswith(".") or to_class == EXCLUDED_FOLDER:
            raise DatasetError(msg("{to_class!r} is not a class folder name", to_class=to_class))
        if to_class == cls:
            raise DatasetError(msg("{file} is already in {to_class}", file=file, to_class=to_class))
        folder = PurePosixPath(*split, to_class)
        return self._act("move", rel, folder, seen, to_class=to_class)

    def exclude(self, file: str, seen: FileStamp | None = None) -> Action:
        """Move `file` into an `_excluded` folder beside it: out of training, not deleted."""
        rel = self._relative(file)
        self._split_and_class(rel)
        return self._act("exclude", rel, rel.parent / EXCLUDED_FOLDER, seen)

    def keep(self, key: str, files: list[str]) -> Action:
        """Remember that a person looked at these files and keeps them as they are."""
        with self._locked():
            action = Action(_new_id(), "keep", _now(), files=tuple(files), keep=key)
            self._append({**action.to_json(), "done": True})
            self._journal = self._read()
            return action

    def undo(self, action_id: str | None = None) -> Action:
        """Undo `action_id` (default: the latest action in effect) -> the action undone."""
        with self._locked():
            history = self.history()
            if not history:
                raise DatasetError(msg("nothing to undo"))
            target = history[-1] if action_id is None else \
                next((a for a in history if a.id == action_id), None)
            if target is None:
                raise DatasetError(msg("that action is not in effect (undone already?)"))
            back = tuple(FileMove(m.target, m.source, m.sha256, m.size)
                         for m in reversed(target.moves))
            for m in back:
                if not (self.root / m.source).exists():
                    raise ReviewConflict(msg("cannot undo: {source} is no longer there (moved or "
                                             "deleted since); nothing was changed",
                                             source=m.source))
                if (self.root / m.target).exists():
                    raise ReviewConflict(msg("cannot undo: {target} exists again; move one of "
                                             "the two by hand; nothing was changed",
                                             target=m.target))
            undo = Action(_new_id(), "undo", _now(), back, target.files, undoes=target.id)
            self._append(undo.to_json())
            try:
                for m in back:
                    self._move(self.root / m.source, self.root / m.target)
            except BaseException as exc:
                self._append({"id": undo.id, "failed": str(exc)[:300]})
                self._journal = self._read()
                raise
            self._append({"id": undo.id, "done": True})
            self._journal = self._read()
            return target

    # ------------------------------------------------------------------ the work

    def _relative(self, file: str) -> PurePosixPath:
        rel = PurePosixPath(str(file).replace("\\", "/"))
        if rel.is_absolute():
            try:
                rel = PurePosixPath(Path(file).resolve().relative_to(self.root).as_posix())
            except ValueError:
                raise DatasetError(msg("{file} is not inside {root}", file=file,
                                       root=self.root)) from None
        if ".." in rel.parts or not rel.parts:
            raise DatasetError(msg("{file} is not inside {root}", file=file, root=self.root))
        return rel

    def _split_and_class(self, rel: PurePosixPath) -> tuple[tuple[str, ...], str]:
        """(the split folder, if any, and the class) of a file of the data set."""
        explicit = (self.root / "train").is_dir() and (self.root / "val").is_dir()
        parts = rel.parts
        if explicit and len(parts) >= 3 and parts[0] in ("train", "val"):
            return (parts[0],), parts[1]
        if not explicit and len(parts) >= 2:
            return (), parts[0]
        raise DatasetError(msg("{file} is not in a class folder of {root}", file=rel,
                               root=self.root))

    def _act(self, kind: str, rel: PurePosixPath, folder: PurePosixPath,
             seen: FileStamp | None, to_class: str = "") -> Action:
        with self._locked():
            source = self.root / rel
            try:
                now = FileStamp.of(source)
            except FileNotFoundError:
                raise ReviewConflict(msg("{file} is no longer there (moved or deleted since the "
                                         "check); check the folder again", file=rel)) from None
            except OSError as exc:
                raise DatasetError(msg("{file}: cannot be read ({reason})", file=rel,
                                       reason=exc.strerror or str(exc))) from None
            if seen is not None and now != seen:
                raise ReviewConflict(msg("{file} changed on disk since the check; check the folder "
                                         "again before acting on it", file=rel))
            sha = file_sha256(source)
            target = _free_name(self.root / folder, rel.name)
            move = FileMove(rel.as_posix(), target.relative_to(self.root).as_posix(), sha,
                            now.size)
            action = Action(_new_id(), kind, _now(), (move,), (rel.as_posix(),),
                            to_class=to_class)
            self._append(action.to_json())  # the intent first: a crash mid-way is found
            try:
                self._move(source, target)
            except BaseException as exc:
                self._append({"id": action.id, "failed": str(exc)[:300]})
                self._journal = self._read()
                raise
            self._append({"id": action.id, "done": True})
            self._journal = self._read()
            return action

    def _move(self, source: Path, target: Path) -> None:
        """Move one file without ever replacing another; its cached features follow it."""
        from inception_desktop.training.features import follow_move

        st = source.stat()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(disk_error_text(exc, target)) from None
        try:
            _place(source, target)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise OutputError(disk_error_text(exc, target)) from None
            _copy_across(source, target)
        if source.exists():  # the old name of a hard link, or the original of a copy
            source.unlink()
        follow_move(source, st.st_size, st.st_mtime_ns, target)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout

        self._ensure_state_dir()
        lock = FileLock(str(self.state_dir / "lock"), timeout=LOCK_WAIT_S)
        try:
            with lock:
                self._journal = self._read()  # what other windows did meanwhile
                yield
        except Timeout:
            raise ReviewConflict(msg("another window or process is changing {root}; try again in "
                                     "a moment", root=self.root)) from None

    def _ensure_state_dir(self) -> None:
        try:
            self.state_dir.mkdir(exist_ok=True)
        except OSError as exc:
            raise OutputError(msg("cannot write the review journal in {root}: {reason}; the "
                                  "folder must be writable to move files",
                                  root=self.root, reason=exc.strerror or str(exc))) from None

    def _append(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        try:
            with open(self.journal_path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            raise OutputError(msg("cannot write {journal}: {reason}; nothing was changed",
                                  journal=self.journal_path,
                                  reason=exc.strerror or str(exc))) from None


def _place(source: Path, target: Path) -> None:
    """Give `source` the name `target` too (a hard link: never replaces a file); on a file
    system without hard links, rename it when the name is free. ReviewConflict when taken."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        raise ReviewConflict(msg("{target} appeared meanwhile; nothing was moved",
                                 target=target)) from None
    except OSError as exc:
        if exc.errno == errno.EXDEV:
            raise
    if target.exists() or target.is_symlink():
        raise ReviewConflict(msg("{target} appeared meanwhile; nothing was moved", target=target))
    os.rename(source, target)


def _copy_across(source: Path, target: Path) -> None:
    """A move between file systems (a class folder that links elsewhere): a complete copy,
    synced, under the target's name (never over another file); the caller removes the
    source."""
    staged = target.with_name(f".{target.name}.{secrets.token_hex(4)}.moving")
    try:
        shutil.copy2(source, staged)
        with open(staged, "rb+") as f:
            os.fsync(f.fileno())
        _place(staged, target)
    except OSError as exc:
        raise OutputError(disk_error_text(exc, target)) from None
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.ext`, -3, ... when taken."""
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 1
    while candidate.exists() or candidate.is_symlink():
        n += 1
        candidate = folder / f"{stem}-{n}{suffix}"
    return candidate


def _new_id() -> str:
    return f"{_dt.datetime.now().strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
