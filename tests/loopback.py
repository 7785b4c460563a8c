"""Servers on loopback for tests: a free port, and HTTP stand-ins that stop in milliseconds.

`serve_forever` checks for `shutdown()` once per poll, half a second by default, so every
test with a stand-in waited up to 0.5 s to end; a short poll makes stopping immediate.
"""

import socket
import threading
from socketserver import BaseServer

POLL_SECONDS = 0.01


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(server: BaseServer) -> threading.Thread:
    """Serve in a daemon thread until `stop(server, thread)`."""
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    return thread


def stop(server: BaseServer, thread: threading.Thread) -> None:
    """Stop serving (within one poll) and close the listening socket."""
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
