"""Parts of the system taken away while the app runs, without touching the shared services:
a TCP proxy in front of the database that a test cuts and restores, and addresses where
nothing answers (a closed port) or where a server accepts and then says nothing (hung)."""

import selectors
import socket
import threading
from contextlib import contextmanager, suppress
from typing import cast

from tests.servers import free_port


class TCPProxy:
    """Forwards 127.0.0.1:<port> to a target address until cut.

    cut() closes every open connection and stops listening, so new connections are
    refused: to the app, the database went away. restore() listens again on the same
    port: the database is back.
    """

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> "TCPProxy":
        self._listen()
        self._stopped.clear()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()
        return self

    def cut(self) -> None:
        with self._lock:
            if self._listener is not None:
                self._listener.close()
                self._listener = None
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def restore(self) -> None:
        self._listen()

    def stop(self) -> None:
        self._stopped.set()
        self.cut()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.setblocking(False)
        with self._lock:
            self._listener = listener

    def _serve(self) -> None:
        # One thread and a poll loop: accept, and copy bytes both ways.
        peers: dict[socket.socket, socket.socket] = {}
        while not self._stopped.is_set():
            with self._lock:
                listener = self._listener
                open_sockets = [s for s in peers if s in self._sockets]
            for sock in list(peers):
                if sock not in open_sockets:
                    peers.pop(sock, None)
            selector = selectors.DefaultSelector()
            if listener is not None:
                selector.register(listener, selectors.EVENT_READ)
            for sock in open_sockets:
                selector.register(sock, selectors.EVENT_READ)
            try:
                events = selector.select(timeout=0.05)
            except (OSError, ValueError):
                events = []
            for key, _ in events:
                sock = cast(socket.socket, key.fileobj)  # only sockets are registered
                if sock is listener:
                    self._accept(listener, peers)
                else:
                    self._forward(sock, peers)
            selector.close()

    def _accept(self, listener: socket.socket, peers: dict) -> None:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            client.close()
            return
        with self._lock:
            self._sockets.update((client, upstream))
        peers[client], peers[upstream] = upstream, client

    def _forward(self, sock: socket.socket, peers: dict) -> None:
        other = peers.get(sock)
        try:
            data = sock.recv(65536)
            if data and other is not None:
                other.sendall(data)
                return
        except OSError:
            pass
        # One side closed (or failed): close both.
        with self._lock:
            for s in (sock, other):
                if s is not None:
                    self._sockets.discard(s)
                    s.close()
        peers.pop(sock, None)
        if other is not None:
            peers.pop(other, None)


@contextmanager
def tcp_proxy(host: str, port: int):
    proxy = TCPProxy(host, port).start()
    try:
        yield proxy
    finally:
        proxy.stop()


def closed_port() -> int:
    """A loopback port where nothing listens: connecting is refused at once."""
    return free_port()


@contextmanager
def silent_server():
    """A loopback port that accepts connections and never answers: a hung server."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    try:
        yield listener.getsockname()[1]
    finally:
        listener.close()
