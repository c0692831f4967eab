"""A loopback TCP proxy for outage tests: the bot talks to the real server through it, and the test cuts it (every
connection dropped, new ones refused), restores it, or slows it down. The real server is never touched."""

import socket
import struct
import threading
import time
from urllib.parse import urlparse


class TcpProxy:
    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.latency = 0.0  # seconds added to each chunk the client sends, so to every round trip
        self._refusing = False
        self._silent = False
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self._running = True
        self._acceptor = threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True)
        self._acceptor.start()

    @classmethod
    def for_url(cls, url: str) -> "TcpProxy":
        parsed = urlparse(url)
        return cls(parsed.hostname or "127.0.0.1", parsed.port or 5432)

    @property
    def port(self) -> int:
        return self._listener.getsockname()[1]

    def url_through(self, url: str) -> str:
        """`url` with its host and port replaced by the proxy's."""
        parsed = urlparse(url)
        user = f"{parsed.username}@" if parsed.username else ""
        return parsed._replace(netloc=f"{user}127.0.0.1:{self.port}").geturl()

    @property
    def open_connections(self) -> int:
        with self._lock:
            return len(self._pairs)

    def cut(self) -> None:
        """Drop every connection (the client sees the server go away) and refuse new ones until restore()."""
        with self._lock:
            self._refusing = True
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            for sock in pair:
                _reset(sock)

    def black_hole(self) -> None:
        """Drop every connection; new ones are accepted and then never answered, as a server gone from the network
        looks (the client can only give up after its own timeout)."""
        self.cut()
        with self._lock:
            self._refusing, self._silent = False, True

    def restore(self) -> None:
        with self._lock:
            self._refusing = self._silent = False
            held, self._held = self._held, []
        for sock in held:
            _reset(sock)

    def close(self) -> None:
        self._running = False
        self.cut()
        self._acceptor.join(5)
        self._listener.close()

    def _accept_loop(self) -> None:
        while self._running:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                refusing, silent = self._refusing, self._silent
                if silent:
                    self._held.append(client)
                    continue
            if refusing:
                _reset(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _reset(client)
                continue
            upstream.settimeout(None)
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            threading.Thread(target=self._pump, args=(client, upstream, True, pair), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False, pair), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, delayed: bool, pair) -> None:
        try:
            while chunk := source.recv(65536):
                if delayed and self.latency:
                    time.sleep(self.latency)  # the fault being injected, not a test waiting for time
                sink.sendall(chunk)
        except OSError:
            pass
        with self._lock:
            self._pairs.discard(pair)
        for sock in pair:
            _reset(sock)


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a server that went away (or a refused connection) looks to the client."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
