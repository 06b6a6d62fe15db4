"""Start server processes detached from the terminal, check on them, stop them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from newsroom_ops.devstack.errors import DevStackError


def spawn(
    argv: Sequence[str],
    log_file: Path,
    env: Mapping[str, str],
    cwd: Path,
    user: str | None = None,
) -> int:
    """Start `argv` in its own session (it outlives the caller), output appended to `log_file`."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with log_file.open("ab") as log:
        process = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=dict(env),
            start_new_session=True,
            user=user,
            group=user,
        )
    return process.pid


def is_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child of ours still answers kill(0); reap it if it is one.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def runs_in(pid: int | None, directory: Path) -> bool:
    """Whether `pid` is alive and is the server of the node in `directory`.

    Every server names its node directory on its command line or in its environment (Kafka its
    config file, Elasticsearch's launcher ES_PATH_CONF), so a pid reused by an unrelated
    process after a crash is not taken for the server.
    """
    if not is_alive(pid):
        return False
    if not Path("/proc/self/environ").exists():
        return True  # no procfs (not Linux): the pid is all there is to go by
    marker = (str(directory.resolve()) + os.sep).encode()
    try:
        seen = Path(f"/proc/{pid}/cmdline").read_bytes() + Path(f"/proc/{pid}/environ").read_bytes()
    except PermissionError:
        return True  # another user's process: the pid is all there is to go by
    except OSError:
        return False
    return marker in seen


def kill(pid: int | None) -> None:
    """SIGKILL the process group at once, as a crash would end it (tests of failures)."""
    if pid:
        _signal_group(pid, signal.SIGKILL)


def stop(pid: int | None, timeout: float = 60.0) -> bool:
    """SIGTERM the process group, SIGKILL after `timeout`. True when something was stopped."""
    if not is_alive(pid):
        return False
    assert pid is not None
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_alive(pid):
            return True
        time.sleep(0.2)
    _signal_group(pid, signal.SIGKILL)
    return True


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
    except PermissionError:
        os.kill(pid, sig)


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def free_port_bases(bases: int, count: int, stride: int, host: str = "127.0.0.1") -> list[int]:
    """`bases` free ports p such that every p + stride·i (i < count) is free and distinct: the
    ports of a cluster's nodes, one base per kind of port."""
    chosen: list[int] = []
    taken: set[int] = set()
    for _ in range(100 * bases):
        if len(chosen) == bases:
            break
        base = free_port(host)
        ports = {base + stride * i for i in range(count)}
        if (
            max(ports) < 65536
            and not ports & taken
            and not any(port_in_use(p, host) for p in ports)
        ):
            chosen.append(base)
            taken |= ports
    if len(chosen) < bases:
        raise DevStackError(f"found no {bases}×{count} free ports {stride} apart on {host}")
    return chosen


def require_free(port: int, what: str, setting: str) -> None:
    if port_in_use(port):
        raise DevStackError(
            f"port {port} for {what} is already taken on 127.0.0.1 (another server, or a "
            f"stack still running: try `newsroom dev status`). Stop it, or choose another "
            f"port with {setting}=<port>."
        )


def log_tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
