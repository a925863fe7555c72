"""Turn a writer that wants a file object into an iterator of byte chunks, so a large export streams to
the client (or a file) without ever sitting in memory whole."""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

CHUNK_BYTES = 1 << 16


class _QueueSink(io.RawIOBase):
    """A binary file object whose writes become chunks on a bounded queue."""

    def __init__(self, q: queue.Queue[bytes | None]) -> None:
        self.q = q
        self.buffer: list[bytes] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self.buffer.append(data)
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush_chunk()
        return len(data)

    def flush_chunk(self) -> None:
        if self.buffer:
            self.q.put(b"".join(self.buffer))
            self.buffer, self.size = [], 0


def stream_writer(write: Callable[[BinaryIO], Any]) -> Iterator[bytes]:
    """Run a writer that wants a file object, and yield what it writes in chunks of about 64 KiB.

    The writer runs in a thread behind a small bounded queue.
    """
    q: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
    failure: list[BaseException] = []
    sink = _QueueSink(q)

    def run() -> None:
        try:
            write(sink)  # type: ignore[arg-type]
            sink.flush_chunk()
        except BaseException as exc:  # handed to the consumer below
            failure.append(exc)
        finally:
            q.put(None)

    thread = threading.Thread(target=run, name="yiku-export", daemon=True)
    thread.start()
    while (chunk := q.get()) is not None:
        yield chunk
    thread.join()
    if failure:
        raise failure[0]
