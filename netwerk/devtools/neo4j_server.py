"""A real Neo4j 5.26 LTS Community server on demand, from Maven Central only.

Provisioning resolves ``netwerk/devtools/neo4j-server/pom.xml`` (one dependency: ``org.neo4j:neo4j``, pinned)
with Maven and copies its runtime jars into a cache outside the clone
(``~/.cache/buurtnetwerk/neo4j-<version>/lib``, or ``NETWERK_NEO4J_CACHE``), so a clean
machine downloads them once (about 125 MB) and later runs start at once. The server runs
on Java 17+ as ``org.neo4j.server.CommunityEntryPoint --console-mode`` with a minimal
``neo4j.conf``: Bolt on 127.0.0.1 and a free port, HTTP off, auth off, heap 512 MB,
page cache 64 MB (a test server's sizes; ``netwerk neo4j start`` passes larger ones, see
:data:`DEV_HEAP`), data and logs under the instance directory.

An instance directory holds ``conf/``, ``data/``, ``logs/``, ``neo4j.pid`` and
``neo4j.port``; :func:`start`, :func:`stop` and :func:`status` work on it, so
``netwerk neo4j start`` and ``netwerk neo4j stop`` can run in separate processes. A
restart reuses the instance's port when it is free, so its URL stays the same.

With ``auth=True`` (what ``netwerk neo4j start`` does unless ``--zonder-wachtwoord``) the
server requires a password: on the first start a random one is generated and set for
user ``neo4j``, and kept in ``neo4j.password`` (mode 0600) in the instance directory.
Test servers run without authentication.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

from netwerk.domain import NetwerkError

__all__ = [
    "DEV_HEAP",
    "DEV_PAGECACHE",
    "NEO4J_VERSION",
    "POM",
    "Neo4jServerError",
    "ServerInfo",
    "default_instance_dir",
    "lib_dir",
    "memory_settings",
    "provision",
    "start",
    "status",
    "stop",
]

POM = Path(__file__).resolve().parent / "neo4j-server" / "pom.xml"
"""The Maven pom whose single dependency is the Neo4j server (package data of
:mod:`netwerk.devtools`, so it ships in the wheel)."""


def _pinned_version() -> str:
    m = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text(encoding="utf-8")) if POM.exists() else None
    return m.group(1).strip() if m else "5.26.30"


NEO4J_VERSION = _pinned_version()
"""The Neo4j version pinned in ``netwerk/devtools/neo4j-server/pom.xml``."""

# Neo4j 5 needs these packages opened on Java 17+ (as its own neo4j launcher does).
_JVM_OPENS = (
    "java.base/java.nio",
    "java.base/java.io",
    "java.base/sun.nio.ch",
    "java.base/java.lang",
    "java.base/java.util",
    "java.base/java.util.concurrent",
    "java.base/java.net",
    "java.base/java.lang.reflect",
)
_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
_READY_TIMEOUT = 180.0


class Neo4jServerError(NetwerkError):
    """Provisioning, starting or stopping the Neo4j server failed (message includes the log tail)."""


@dataclass(frozen=True)
class ServerInfo:
    """A running server: its Bolt ``url`` (``neo4j://127.0.0.1:PORT``), process id and instance directory."""

    url: str
    pid: int
    port: int
    instance_dir: Path
    password: str | None = None
    """The password of user ``neo4j`` when the server requires one (see :func:`password_file`)."""


Echo = Callable[[str], None]


def _echo(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cache_dir() -> Path:
    """Where the jars of the pinned version live: ``NETWERK_NEO4J_CACHE`` or the user cache."""
    base = os.environ.get("NETWERK_NEO4J_CACHE") or user_cache_dir("buurtnetwerk", appauthor=False)
    return Path(base) / f"neo4j-{NEO4J_VERSION}"


def lib_dir() -> Path:
    """The folder with the server's runtime jars (filled by :func:`provision`)."""
    return cache_dir() / "lib"


def default_instance_dir() -> Path:
    """The default instance directory (configuration, data, logs): under the user data directory."""
    return Path(user_data_dir("buurtnetwerk", appauthor=False)) / "neo4j"


def provision(echo: Echo = _echo) -> Path:
    """Make sure the Neo4j jars are in :func:`lib_dir`; download them with Maven if not.

    Returns
    -------
    Path
        The lib folder (``<cache>/lib``, about 210 jars, 125 MB).

    Raises
    ------
    Neo4jServerError
        When Maven is missing or fails (its last output lines are in the message).
    """
    lib = lib_dir()
    marker = cache_dir() / ".complete"
    if marker.exists() and any(lib.glob("neo4j-*.jar")):
        return lib
    mvn = shutil.which("mvn")
    if not mvn:
        raise Neo4jServerError("Maven ('mvn') ontbreekt; installeer het (apt-get install maven) om Neo4j op te halen.")
    echo(f"Neo4j {NEO4J_VERSION} ophalen uit Maven Central naar {lib} (eenmalig, ongeveer 125 MB)...")
    t0 = time.monotonic()
    tmp = cache_dir() / "lib.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    cmd = [mvn, "-B", "-f", str(POM), "dependency:copy-dependencies", f"-DoutputDirectory={tmp}"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tail: list[str] = []
    downloaded = 0
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = (tail + [line.rstrip()])[-40:]
        if "Downloaded from" in line:
            downloaded += 1
            if downloaded % 100 == 0:
                echo(f"  ... {downloaded} bestanden gedownload ({time.monotonic() - t0:.0f} s)")
    if proc.wait() != 0:
        raise Neo4jServerError("Maven kon Neo4j niet ophalen:\n" + "\n".join(tail))
    shutil.rmtree(lib, ignore_errors=True)
    tmp.rename(lib)
    marker.write_text(NEO4J_VERSION, encoding="utf-8")
    size = sum(f.stat().st_size for f in lib.iterdir()) / 1e6
    echo(f"Neo4j {NEO4J_VERSION} staat klaar: {len(list(lib.iterdir()))} jars, {size:.0f} MB, {time.monotonic() - t0:.1f} s.")
    return lib


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        # As the server binds (SO_REUSEADDR): a port its previous run left in TIME_WAIT is
        # free again; one another process listens on is not.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


DEV_HEAP = "2g"
"""Java heap of ``netwerk neo4j start``'s server (``--heap``; it starts at 512 MB and grows
to this): ``netwerk copy`` of a generated 10,000-person store (244,000 rows in one
transaction) and full snapshots fit, where the test server's 512 MB stopped that copy with
``MemoryPoolOutOfMemoryError``. A transaction may use 70% of the heap: copying 50,000
persons (1.2 million rows) in one transaction needs more than 4 GB."""

DEV_PAGECACHE = "1g"
"""Page cache of ``netwerk neo4j start``'s server (``--pagecache``): the data files of a
generated 50,000-person store (about 250 MB) stay in memory instead of being read from disk pages."""

_SIZE = re.compile(r"^([1-9][0-9]*)([kmg])$")
_INITIAL_HEAP = 512 * 1024**2


def _bytes(size: str) -> int:
    m = _SIZE.match(size.strip().lower())
    if not m:
        raise Neo4jServerError(f"Ongeldige geheugengrootte '{size}': gebruik bijvoorbeeld 512m of 2g.")
    return int(m.group(1)) * 1024 ** "kmg".index(m.group(2)) * 1024


def memory_settings(heap: str = DEV_HEAP, pagecache: str = DEV_PAGECACHE) -> dict[str, str]:
    """``neo4j.conf`` settings for a heap of at most ``heap`` (starting at 512 MB or less)
    and a page cache of ``pagecache``; sizes like ``512m``, ``2g`` (k, m or g).

    Raises
    ------
    Neo4jServerError
        For a size that is not a whole number with k, m or g (Dutch message).
    """
    heap, pagecache = heap.strip().lower(), pagecache.strip().lower()
    initial = heap if _bytes(heap) <= _INITIAL_HEAP else "512m"
    _bytes(pagecache)
    return {"server.memory.heap.initial_size": initial, "server.memory.heap.max_size": heap,
            "server.memory.pagecache.size": pagecache}


USER = "neo4j"
"""The user of a development server with a password."""


def password_file(instance_dir: Path | None = None) -> Path:
    """Where an instance keeps its generated password (mode 0600)."""
    return Path(instance_dir or default_instance_dir()) / "neo4j.password"


def _password(inst: Path) -> str | None:
    try:
        return password_file(inst).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def _set_initial_password(url: str, password: str, timeout: float, alive: Callable[[], bool]) -> None:
    """Replace the initial ``neo4j``/``neo4j`` credentials of a fresh server."""
    import neo4j

    t0 = time.monotonic()
    while alive():
        try:
            with neo4j.GraphDatabase.driver(url, auth=(USER, "neo4j"), connection_timeout=2.0,
                                            max_transaction_retry_time=0) as d:
                d.execute_query("ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $pw", pw=password, database_="system")
            return
        except Exception:  # noqa: BLE001 - not up yet; the caller's timeout decides
            if time.monotonic() - t0 > timeout:
                raise
            time.sleep(0.5)
    raise Neo4jServerError("Neo4j stopte voordat het wachtwoord was ingesteld.")


def _conf(instance: Path, port: int, extra: dict[str, str] | None = None) -> str:
    settings = {
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.advertised_address": f"127.0.0.1:{port}",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "dbms.security.auth_enabled": "false",
        "server.memory.heap.initial_size": "512m",
        "server.memory.heap.max_size": "512m",
        "server.memory.pagecache.size": "64m",
        "db.tx_log.rotation.retention_policy": "1 files",
        "server.directories.data": str(instance / "data"),
        "server.directories.logs": str(instance / "logs"),
        "server.directories.run": str(instance / "run"),
        "dbms.usage_report.enabled": "false",
        # A test server stops in about a second instead of ten (Bolt's default 5 s grace per
        # connector); internal settings of the pinned version, checked by strict validation.
        "internal.server.bolt.connection_shutdown_wait_time": "1s",
        "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        "internal.dbms.bolt.netty_server_shutdown_timeout": "2s",
        **(extra or {}),
    }
    lines = ["# Written by netwerk.devtools.neo4j_server: a local development/test server."]
    return "\n".join([*lines, *(f"{k}={v}" for k, v in settings.items()), ""])


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    java = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not java or not Path(java).exists():
        raise Neo4jServerError("Java ontbreekt; Neo4j 5.26 heeft Java 17 of 21 nodig (apt-get install openjdk-17-jre-headless).")
    return java


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (our own exited child) counts as gone.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def bolt_ready(url: str, timeout: float = 5.0, auth: tuple[str, str] | None = None) -> bool:
    """True if the server at ``url`` answers ``RETURN 1`` (with ``auth``; default auth off,
    or NETWERK_NEO4J_USER/PASSWORD)."""
    import neo4j

    from netwerk.store.neo4j import Neo4jSettings

    if auth is None:
        s = Neo4jSettings()
        auth = (s.user, s.password or "") if s.user else None  # as Neo4jStore does
    log = logging.getLogger("neo4j")
    level = log.level
    log.setLevel(logging.CRITICAL)  # "Unable to retrieve routing information" while it boots
    try:
        with neo4j.GraphDatabase.driver(url, auth=auth, connection_timeout=timeout, max_transaction_retry_time=0) as d:
            return d.execute_query("RETURN 1 AS ok").records[0]["ok"] == 1
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False
    finally:
        log.setLevel(level)


def _log_tail(instance: Path, lines: int = 40) -> str:
    out = []
    for name in ("console.log", "neo4j.log", "debug.log"):
        f = instance / "logs" / name
        if f.exists():
            text = f.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            out.append(f"--- {f} (laatste {len(text)} regels) ---\n" + "\n".join(text))
    return "\n".join(out) or "(geen log gevonden)"


def status(instance_dir: Path | None = None) -> ServerInfo | None:
    """The running server of ``instance_dir`` (default :func:`default_instance_dir`), or None.

    A server counts as running when its process lives and Bolt answers ``RETURN 1``.
    """
    inst = Path(instance_dir or default_instance_dir())
    try:
        pid = int((inst / "neo4j.pid").read_text())
        port = int((inst / "neo4j.port").read_text())
    except (OSError, ValueError):
        return None
    url = f"neo4j://127.0.0.1:{port}"
    password = _password(inst)
    if not _alive(pid) or not bolt_ready(url, auth=(USER, password) if password else None):
        return None
    return ServerInfo(url, pid, port, inst, password)


def start(instance_dir: Path | None = None, port: int | None = None, echo: Echo = _echo,  # noqa: C901
          timeout: float = _READY_TIMEOUT, settings: dict[str, str] | None = None, auth: bool = False) -> ServerInfo:
    """Provision (if needed) and start a Neo4j server; return once Bolt answers ``RETURN 1``.

    Parameters
    ----------
    instance_dir
        Configuration, data and logs (default :func:`default_instance_dir`); an already
        running server there is returned as is.
    port
        Bolt port on 127.0.0.1; default the instance's previous port when it is free,
        else a free one.
    auth
        Require a password (generated on the first start, kept in :func:`password_file`).
        An instance that has a password keeps requiring it.
    timeout
        Seconds to wait for Bolt.
    settings
        Further ``neo4j.conf`` settings (e.g. ``{"server.memory.heap.max_size": "1g"}``).

    Raises
    ------
    Neo4jServerError
        When Java/Maven are missing, or the server exits or does not answer in time; the
        message holds the tail of the Neo4j logs.
    """
    inst = Path(instance_dir or default_instance_dir()).resolve()
    running = status(inst)
    if running:
        return running
    lib = provision(echo)
    java = _java()
    if port is None:
        try:
            previous = int((inst / "neo4j.port").read_text())
        except (OSError, ValueError):
            previous = None
        port = previous if previous and _port_free(previous) else _free_port()
    if not _port_free(port):
        raise Neo4jServerError(f"Poort {port} op 127.0.0.1 is al in gebruik; kies een andere met --port.")
    for sub in ("conf", "data", "logs", "run"):
        (inst / sub).mkdir(parents=True, exist_ok=True)
    password = _password(inst)
    first_password = auth and password is None
    if first_password:
        password = secrets.token_urlsafe(24)
    if password:
        settings = {**(settings or {}), "dbms.security.auth_enabled": "true"}
    (inst / "conf" / "neo4j.conf").write_text(_conf(inst, port, settings), encoding="utf-8")
    heap = (settings or {}).get("server.memory.heap.max_size", "512m")
    initial = (settings or {}).get("server.memory.heap.initial_size", heap)
    cmd = [java, f"-Xms{initial}", f"-Xmx{heap}", "-XX:+UseG1GC", "-Dfile.encoding=UTF-8"]
    cmd += [f"--add-opens={p}=ALL-UNNAMED" for p in _JVM_OPENS]
    cmd += ["-cp", f"{lib}/*", _ENTRY_POINT, f"--home-dir={inst}", f"--config-dir={inst / 'conf'}", "--console-mode"]
    t0 = time.monotonic()
    with open(inst / "logs" / "console.log", "ab") as log:
        # A session of its own: the server outlives this process (netwerk neo4j start) and
        # a Ctrl-C in the terminal does not reach it.
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, cwd=inst)
    (inst / "neo4j.pid").write_text(str(proc.pid))
    (inst / "neo4j.port").write_text(str(port))
    url = f"neo4j://127.0.0.1:{port}"
    if first_password and password:
        try:
            _set_initial_password(url, password, timeout, lambda: proc.poll() is None)
        except Exception as e:  # noqa: BLE001 - reported with the log
            _terminate(proc.pid, 30)
            raise Neo4jServerError(f"Kon het wachtwoord van Neo4j niet instellen: {e}\n{_log_tail(inst)}") from e
        fd = os.open(password_file(inst), os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(password + "\n")
    while True:
        if proc.poll() is not None:
            raise Neo4jServerError(f"Neo4j stopte direct (exitcode {proc.returncode}).\n{_log_tail(inst)}")
        if bolt_ready(url, timeout=2.0, auth=(USER, password) if password else None):
            break
        if time.monotonic() - t0 > timeout:
            _terminate(proc.pid, 30)
            raise Neo4jServerError(f"Neo4j antwoordde niet binnen {timeout:.0f} s op {url}.\n{_log_tail(inst)}")
        time.sleep(0.25)
    echo(f"Neo4j {NEO4J_VERSION} draait op {url} (gestart in {time.monotonic() - t0:.1f} s; map {inst}).")
    return ServerInfo(url, proc.pid, port, inst, password)


def _terminate(pid: int, wait: float) -> bool:
    """SIGTERM, wait up to ``wait`` s; SIGKILL if still alive. True if it stopped cleanly."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return True
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            # Reap it if it is our child (otherwise it stays a zombie).
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        if not _alive(pid):
            return True
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)
    return False


def stop(instance_dir: Path | None = None, echo: Echo = _echo, wait: float = 60.0) -> bool:
    """Stop the server of ``instance_dir`` with SIGTERM (a clean shutdown); False if none was running.

    Raises
    ------
    Neo4jServerError
        When it did not stop within ``wait`` seconds (it is then killed).
    """
    inst = Path(instance_dir or default_instance_dir())
    try:
        pid = int((inst / "neo4j.pid").read_text())
    except (OSError, ValueError):
        return False
    if not _alive(pid):
        (inst / "neo4j.pid").unlink(missing_ok=True)
        return False
    t0 = time.monotonic()
    clean = _terminate(pid, wait)
    (inst / "neo4j.pid").unlink(missing_ok=True)
    if not clean:
        raise Neo4jServerError(f"Neo4j (pid {pid}) stopte niet binnen {wait:.0f} s en is afgebroken.\n{_log_tail(inst)}")
    echo(f"Neo4j gestopt (pid {pid}, {time.monotonic() - t0:.1f} s).")
    return True
