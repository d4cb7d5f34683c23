"""The words of the other languages numbered in a process of their own while the index is built.

An index of every language reads its documents in one thread (making them is Python work)
and numbers the words of their texts in compiled code that lets go of Python's lock at every
step; a thread that numbers beside the reading has to wait for that lock after each step, so
the two hardly overlap (ADR 0031, session 12). The texts of the other languages (three
quarters of the text of an offer with five translations) are numbered here instead, in a
process of its own with its own lock: the reading sends their texts batch by batch and reads
on; at the end this process makes what each language's view needs of its texts alone
(:func:`kansen.search._index._prepare`) and sends it back. Same words, same numbers: the
same functions as in the building process, batch after batch in the same order.

Started as ``python -c "...; serve()"`` with pipes for input and output (not
:mod:`multiprocessing`, which would import the program's main module again in a new
process, or fork a process that has threads). Messages are pickles after their length.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import struct
import subprocess
import sys
import threading
from array import array
from concurrent.futures import Future
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from kansen.search._index import _Language, _Prepared

_LENGTH = struct.Struct("<Q")
_ENDED = "The process numbering the other languages' words ended before it was done."


def write(stream: IO[bytes], message: object) -> None:
    """Send ``message`` (a pickle after its length)."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)))
    stream.write(data)
    stream.flush()


def read(stream: IO[bytes]) -> object:
    """The next message (EOFError at the end of the stream)."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("The other process ended.")
    size = _LENGTH.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("The other process ended.")
    return pickle.loads(data)


class LanguageProcess:
    """This module running in a process of its own, seen from the building process: texts go
    in batch by batch (:meth:`send`, which returns at once: a thread writes them), what the
    views need comes out at the end (:meth:`finish`)."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process
        self._outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._failure: BaseException | None = None
        self._writer = threading.Thread(
            target=self._write, name="kansen-search-languages-in", daemon=True
        )
        self._writer.start()

    @classmethod
    def start(cls) -> LanguageProcess | None:
        """The process, started; None where no process can be started (the caller numbers
        the texts itself)."""
        if not Path(sys.executable or "-").name.startswith("python"):
            return None  # (embedded: uWSGI's sys.executable is uWSGI)
        root = str(Path(__file__).resolve().parents[2])  # where ``kansen`` is
        paths = [root, *filter(None, [os.environ.get("PYTHONPATH")])]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
        try:
            process = subprocess.Popen(
                [sys.executable, "-c", "from kansen.search._worker import serve; serve()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError:
            return None
        return cls(process)

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (data := self._outbox.get()) is not None:
            if self._failure is None:  # (after a failure, what comes is dropped)
                try:
                    stdin.write(_LENGTH.pack(len(data)))
                    stdin.write(data)
                except BaseException as error:  # (raised again by send or finish)
                    self._failure = error
        with contextlib.suppress(OSError):
            stdin.close()

    def send(self, code: str, texts: list[str], parts: array[int]) -> None:
        """Number ``texts`` of the language ``code`` (``parts``: texts per document) after
        those sent before."""
        joined = "\0".join([*texts, ""])  # as the numbering joins them
        message: tuple[object, ...]
        if joined.count("\0") != len(texts):  # a text holds the break: sent as they are
            message = ("batch", code, texts, parts.tobytes())
        else:  # one text: encoded, a copy of its characters (lone surrogates too)
            try:
                data, encoding = joined.encode("latin-1"), "latin-1"
            except UnicodeEncodeError:
                data, encoding = joined.encode("utf-16-le", "surrogatepass"), "utf-16-le"
            message = ("joined", code, (encoding, data, len(texts)), parts.tobytes())
        if self._failure is not None:
            raise RuntimeError(_ENDED) from self._failure
        self._outbox.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))

    def finish(self, n: int, docs: dict[str, array[int]]) -> dict[str, Future[_Prepared]]:
        """What each language's view needs (``n`` documents; ``docs``: per language, those
        with a text), as it comes (a thread waits for it)."""
        message = ("end", n, {code: positions.tobytes() for code, positions in docs.items()})
        self._outbox.put(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
        self._outbox.put(None)
        futures: dict[str, Future[_Prepared]] = {code: Future() for code in docs}
        threading.Thread(
            target=self._answer, args=(futures,), name="kansen-search-languages-out", daemon=True
        ).start()
        return futures

    def _answer(self, futures: dict[str, Future[_Prepared]]) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            try:
                answer = read(stdout)
            except EOFError as ended:
                raise RuntimeError(_ENDED) from ended
            self._writer.join()
            if self._failure is not None:
                raise self._failure
            assert isinstance(answer, tuple)
            if answer[0] != "prepared":
                raise RuntimeError(f"Numbering the other languages' words failed: {answer[1]}")
            for code, future in futures.items():
                future.set_result(answer[1][code])
        except BaseException as error:
            for future in futures.values():
                if not future.done():
                    future.set_exception(error)
        finally:
            self.close()

    def close(self) -> None:
        """End the process (at once, if it still runs: the build failed or is done)."""
        if self._process.poll() is None:
            self._process.kill()
        with contextlib.suppress(queue.Full):
            self._outbox.put(None, timeout=5)  # (the writer drops what waits: room soon)
        self._process.wait()
        for stream in (self._process.stdout,):
            if stream is not None:
                stream.close()


def main(source: IO[bytes], answer: IO[bytes]) -> None:
    """Number the batches of texts of each language as they come (``("batch", code, texts,
    parts)``, parts: texts per document as int32 bytes; or ``("joined", code, (encoding,
    data, count), parts)``: the texts joined, each followed by ``"\\0"``, and encoded); at
    ``("end", n, docs)`` (the number
    of documents, and per language the documents with a text as int32 bytes) answer
    ``("prepared", {code: _Prepared})``, or ``("error", text)`` if anything failed."""
    from kansen.search._index import _Language, _numbering, _prepare

    gc.disable()  # many objects, none of them cyclic garbage
    languages: dict[str, _Language] = {}
    try:
        while True:
            message = read(source)
            assert isinstance(message, tuple)
            if message[0] in ("batch", "joined"):
                _, code, texts, parts = message
                if message[0] == "joined":
                    encoding, data, count = texts
                    texts = (data.decode(encoding, "surrogatepass"), count)
                language = languages.get(code)
                if language is None:
                    language = languages[code] = _Language(_numbering())
                _numbered_into(language, texts, parts)
            elif message[0] == "end":
                _, n, docs = message
                prepared = {}
                for code in sorted(docs):
                    language = languages.pop(code, None) or _Language(_numbering())
                    if not language.stream:  # (no text at all: one empty batch)
                        _numbered_into(language, [], b"")
                    language.docs = array("i", docs[code])
                    prepared[code] = _prepare(language, n)
                write(answer, ("prepared", prepared))
                return
            else:
                raise ValueError(f"Unknown message {message[0]!r}.")
    except (EOFError, BrokenPipeError):  # the building process ended or gave up
        return
    except Exception as error:
        with contextlib.suppress(BrokenPipeError):
            write(answer, ("error", f"{type(error).__name__}: {error}"))


def _numbered_into(language: _Language, texts: list[str] | tuple[str, int], parts: bytes) -> None:
    """Number a batch of ``language``'s texts as the building process would."""
    from kansen.search._index import _numbered

    found, sizes = _numbered(texts, array("i", parts), language.number, language.known)
    language.stream.append(found)
    language.sizes.append(sizes)


def serve() -> None:
    """:func:`main` on standard input and output, as the process started by
    :meth:`LanguageProcess.start` runs it."""
    # answers on a copy of standard output; what anything else prints goes to standard error
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    main(sys.stdin.buffer, answers)
