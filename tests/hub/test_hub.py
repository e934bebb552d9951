"""A real JupyterHub on this machine, configured by ``deploy/jupyterhub/jupyterhub_config.py``:
two users log in, each creates an assessment on the programme's shared scale and gets the
PDF through their own server, neither reaches the other's server or files, and the memory
each active user takes is measured and printed. A consultant starts a workshop in their
notebook and a phone with no hub account votes through the hub's proxy by its link: the
vote lands in the consultant's own file (the hub service ``workshop`` relays it).

The hub's proxy comes from the npm registry into ``tests/hub/node_modules`` (``npm ci``,
by ``.ci/run`` or here); user servers run as this OS user (``SimpleLocalProcessSpawner``)
with one home each, logins by password (``DummyAuthenticator``). Marked ``hub``: runs by
default, ``-m "not hub"`` leaves it out.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import requests
import websocket

from assessment.data.i18n import t
from assessment.document.store import load

from ..conftest import REPO, TINY_SCALE
from ..e2e.servers import Server, free_port, wait_until

pytestmark = pytest.mark.hub
HERE = Path(__file__).parent
PROXY = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
DEPLOY = REPO / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "workshop-2026"
USERS = ("alice", "bob")
TIMEOUT = 180.0  # a user server's first start on a busy two-core machine

TEST_CONFIG = """\
load_subconfig({deploy!r})  # the programme's configuration, then what this machine needs
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {homes!r} + "/{{username}}"
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allow_all = False
c.Authenticator.allowed_users = set({users!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{root}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{root}/cookie_secret"
c.Spawner.args = [*c.Spawner.args, *{root_flag!r}]
"""


@pytest.fixture(scope="module")
def proxy() -> Path:
    """configurable-http-proxy, installed from the lock file on first use."""
    if not PROXY.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm not found: install Node.js (`apt-get install nodejs npm`, as .ci/run does)", pytrace=False)
        subprocess.run([npm, "ci", "--prefix", str(HERE), "--no-audit", "--no-fund"], check=True, timeout=300)
    return PROXY


@dataclass
class Hub:
    url: str  # http://127.0.0.1:PORT/
    homes: Path
    shared: Path
    server: Server


@pytest.fixture(scope="module")
def hub(tmp_path_factory, proxy) -> Iterator[Hub]:
    root = tmp_path_factory.mktemp("hub")
    homes, shared = root / "homes", root / "programme-scales"
    homes.mkdir()
    shared.mkdir()
    (shared / "tiny.yaml").write_text(TINY_SCALE, encoding="utf-8")
    shared.chmod(0o555)
    port = free_port()
    config = root / "test_config.py"
    config.write_text(
        TEST_CONFIG.format(
            deploy=str(DEPLOY),
            homes=str(homes),
            password=PASSWORD,
            users=list(USERS),
            port=port,
            hub_port=free_port(),
            proxy_port=free_port(),
            proxy=str(proxy),
            root=root,
            root_flag=["--allow-root"] if os.geteuid() == 0 else [],
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "JPY_", "DIALOGUE_"))}
    env.update(
        DIALOGUE_HUB_SCALES=str(shared),
        DIALOGUE_HUB_PUBLIC_URL=f"http://127.0.0.1:{port}",  # the address phones reach, here the proxy's
        DIALOGUE_HUB_WORKSHOP_PORT=str(free_port()),
        DIALOGUE_HUB_WORKSHOP_DATA=str(root / "workshop-service"),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}",
    )
    log = root / "jupyterhub.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    server = Server("jupyterhub", process, f"http://127.0.0.1:{port}/", log)
    try:
        server.wait_until_answering("hub/api/")
        wait_until(
            lambda: requests.get(f"{server.url}hub/api/", timeout=10).status_code == 200,
            TIMEOUT,
            "the hub routed by its proxy",
        )
        yield Hub(server.url, homes, shared, server)
    finally:
        server.stop()
        shared.chmod(0o755)


@dataclass
class User:
    """A logged-in user: their browser session and an API token made with it."""

    name: str
    session: requests.Session
    token: str
    hub: Hub

    @property
    def server_url(self) -> str:
        return f"{self.hub.url}user/{self.name}/"

    def get(self, url: str, **kwargs) -> requests.Response:
        return requests.get(url, headers={"Authorization": f"token {self.token}"}, timeout=60, **kwargs)


def log_in(hub: Hub, name: str) -> User:
    """Log in with the password form, as a browser does, then start the user's server."""
    session = requests.Session()
    session.get(f"{hub.url}hub/login", timeout=30).raise_for_status()
    answer = session.post(
        f"{hub.url}hub/login",
        data={"username": name, "password": PASSWORD, "_xsrf": session.cookies["_xsrf"]},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, f"{name} could not log in: {answer.status_code}"
    xsrf = {"X-XSRFToken": session.cookies["_xsrf"]}
    made = session.post(f"{hub.url}hub/api/users/{name}/tokens", headers=xsrf, json={"note": "hub test"}, timeout=30)
    made.raise_for_status()
    user = User(name, session, made.json()["token"], hub)
    session.post(f"{hub.url}hub/api/users/{name}/server", headers=xsrf, timeout=30)
    wait_until(
        lambda: user.get(f"{hub.url}hub/api/users/{name}").json()["servers"].get("", {}).get("ready", False),
        TIMEOUT,
        f"{name}'s server",
    )
    return user


class Kernel:
    """A kernel on the user's server (REST + websocket), in the server's folder (the workbook home)."""

    def __init__(self, user: User) -> None:
        self.user = user
        started = requests.post(
            f"{user.server_url}api/kernels",
            json={"name": "python3", "path": ""},
            timeout=60,
            headers={"Authorization": f"token {user.token}"},
        )
        started.raise_for_status()
        self.id = started.json()["id"]

    def run(self, code: str) -> str:
        """Run ``code``; its printed output."""
        user = self.user
        url = f"{user.server_url.replace('http', 'ws', 1)}api/kernels/{self.id}/channels"
        channel = websocket.create_connection(url, header=[f"Authorization: token {user.token}"], timeout=TIMEOUT)
        msg_id, out = uuid.uuid4().hex, []
        channel.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": "execute_request",
                        "username": user.name,
                        "session": uuid.uuid4().hex,
                        "version": "5.3",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": False,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        try:
            while True:
                message = json.loads(channel.recv())
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind, content = message["msg_type"], message["content"]
                if kind == "stream":
                    out.append(content["text"])
                elif kind == "error":
                    raise AssertionError(f"{user.name}'s kernel: {content['ename']}: {content['evalue']}")
                elif kind == "status" and content["execution_state"] == "idle":
                    return "".join(out)
        finally:
            channel.close()

    def close(self) -> None:
        requests.delete(
            f"{self.user.server_url}api/kernels/{self.id}",
            headers={"Authorization": f"token {self.user.token}"},
            timeout=60,
        )


def execute(user: User, code: str) -> str:
    """Run ``code`` in a new kernel on the user's server (left running); its printed output."""
    return Kernel(user).run(code)


CREATE_AND_REPORT = """\
import json, os
from assessment.cli import main
from assessment.data.scale import scales_by_id
from assessment.document import workspace
codes = [main(["new", "--scale", "tiny", "--org", {org!r}, "--out", {name!r} + ".json"]),
         main(["report", {name!r} + ".json", "--pdf", {name!r} + ".pdf"])]
print(json.dumps({{"codes": codes, "scales": sorted(scales_by_id()), "cwd": os.getcwd(), "home": str(workspace.home())}}))
"""


def memory(name: str) -> dict[str, tuple[int, int]]:
    """(RSS, PSS) in bytes of each process of ``name``'s server, by command: the server and
    its kernels (they carry the hub's JUPYTERHUB_USER)."""
    found = {}
    for entry in Path("/proc").iterdir():
        try:
            environ = (entry / "environ").read_bytes().split(b"\0") if entry.name.isdigit() else []
            if f"JUPYTERHUB_USER={name}".encode() not in environ:
                continue
            rollup = dict(line.split(":", 1) for line in (entry / "smaps_rollup").read_text().splitlines()[1:])
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        kind = "kernel" if "ipykernel" in command else "server"
        found[f"{kind} {entry.name}"] = (int(rollup["Rss"].split()[0]) * 1024, int(rollup["Pss"].split()[0]) * 1024)
    return found


def processes() -> Iterator[tuple[str, int]]:
    """(command line, RSS in bytes) of every process this test can see."""
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit():
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                rss = next(line for line in (entry / "status").read_text().splitlines() if line.startswith("VmRSS:"))
                yield command, int(rss.split()[1]) * 1024
        except (OSError, StopIteration):
            continue


def test_two_users_work_apart_on_the_shared_scale_and_each_gets_their_pdf(hub):
    users = {name: log_in(hub, name) for name in USERS}
    for name, user in users.items():
        page = user.get(f"{user.server_url}voila/render/app.ipynb")
        assert page.status_code == 200 and "dmw-page" in page.text, f"{name}: the app opens in Voilà"
        title = t("da", "ui.app.page_title")
        assert '<html lang="da">' in page.text and f"document.title = {json.dumps(title)}" in page.text, (
            f"{name}: the workbook's page, in the assessment's language"
        )
        printed = execute(user, CREATE_AND_REPORT.format(org=f"{name.title()} Kommune", name=name))
        result = json.loads(printed.strip().splitlines()[-1])
        home = hub.homes / name / ".dialogue-workbook"
        assert result == {
            "codes": [0, 0],
            "scales": ["citizen-participation", "some-dialogue", "tiny"],
            "cwd": str(home),
            "home": str(home),
        }, "the shared scale, used in the user's own home"
        pdf = user.get(f"{user.server_url}api/contents/{name}.pdf", params={"content": 1, "format": "base64"})
        assert base64.b64decode(pdf.json()["content"]).startswith(b"%PDF")
        assert (home / "01_start.ipynb").exists(), "the workbook's notebooks in the user's home"

    alice, bob = users["alice"], users["bob"]
    assert alice.get(f"{bob.server_url}api/contents/bob.pdf").status_code == 403, "the hub refuses another's server"
    assert bob.get(f"{alice.server_url}api/contents/alice.pdf").status_code == 403
    assert alice.session.get(f"{bob.server_url}api/contents/bob.pdf", timeout=60).status_code == 403, "by login too"
    assert alice.get(f"{alice.server_url}api/contents/bob.pdf").status_code == 404, "bob's file is not in alice's home"
    escape = alice.get(f"{alice.server_url}api/contents/%2E%2E%2F%2E%2E%2F..%2Fbob%2F.dialogue-workbook%2Fbob.pdf")
    assert escape.status_code in (400, 403, 404), "no way out of the user's own folder"
    assert sorted(p.name for p in hub.shared.iterdir()) == ["tiny.yaml"], "the shared folder is only read"

    print("\nmemory per active user (the server, the app's kernel in Voilà, one more kernel):")
    for name in USERS:
        processes = memory(name)
        assert sorted(p.split()[0] for p in processes) == ["kernel", "kernel", "server"], processes
        rss, pss = (sum(m[i] for m in processes.values()) / 2**20 for i in (0, 1))
        each = ", ".join(f"{p.split()[0]} {m[0] / 2**20:.0f}" for p, m in sorted(processes.items(), reverse=True))
        print(f"  {name}: RSS {rss:.0f} MiB, PSS {pss:.0f} MiB (RSS per process in MiB: {each})")


START_WORKSHOP = """\
import json, subprocess, sys
from assessment.cli import main
main(["new", "--scale", "tiny", "--org", "Alice Kommune", "--out", "workshop.json"])
workshop = subprocess.Popen([sys.executable, "-m", "assessment", "workshop", "workshop.json", "--survey"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
first = workshop.stdout.readline().strip()
print(json.dumps({"join": first, "error": "" if first else workshop.stderr.read()}))
"""

STOP_WORKSHOP = "workshop.terminate(); print(workshop.wait(30))"
XSRF = re.compile(r'name="_xsrf" value="([^"]+)"')
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def test_a_phone_votes_through_the_hub_by_the_workshops_link_into_the_consultants_own_file(hub):
    alice, bob = log_in(hub, "alice"), log_in(hub, "bob")
    kernel = Kernel(alice)
    try:
        started = json.loads(kernel.run(START_WORKSHOP).strip().splitlines()[-1])
        join = started["join"]
        assert join.startswith(f"{hub.url}services/workshop/w/"), f"the workshop did not start: {started['error']}"
        token = join.rstrip("/").rsplit("/", 1)[1]
        file = hub.homes / "alice" / ".dialogue-workbook" / "workshop.json"

        with httpx.Client(follow_redirects=True, timeout=60) as phone:  # no hub account, no JavaScript
            page = phone.get(join)
            assert page.status_code == 200 and 'name="seat"' in page.text, "no hub login asked of a participant"
            page = phone.post(join, data={"_xsrf": XSRF.search(page.text).group(1), "seat": "anonymous"})
            assert page.status_code == 200 and str(page.url) == f"{join}vote"
            form = dict(HIDDEN.findall(page.text))
            form.update({"current.dialogue": "1", "desired.dialogue": "3"})
            page = phone.post(f"{join}vote", data=form)
            assert page.status_code == 200 and "?saved=" in str(page.url)
        (vote,) = load(file).room.poll("dialogue").round.votes
        assert (vote.voter.startswith("anon-"), vote.current, vote.desired) == (True, 1, 3), "in alice's own file"

        code = load(file).room.code
        with httpx.Client(follow_redirects=True, timeout=60) as phone:
            page = phone.post(f"{hub.url}services/workshop/", data={"code": code})
            assert str(page.url) == join, "the short address takes the code on the wall"

        rooms = f"{hub.url}services/workshop/rooms"
        page = alice.session.get(rooms, timeout=60)
        assert page.status_code == 200 and code in page.text and token in page.text, "her workshops, by her hub login"
        assert token not in bob.session.get(rooms, timeout=60).text, "bob does not see hers"
        assert "/hub/login" in httpx.get(rooms, follow_redirects=True, timeout=60).url.path, "a login is asked"
        taken = requests.post(
            rooms,
            headers={"Authorization": f"token {bob.token}"},
            timeout=60,
            json={"token": token, "code": code, "port": 1},
        )
        assert taken.status_code == 409, "bob cannot take over alice's workshop link"

        seen = list(processes())
        service = [rss for command, rss in seen if "workshop-service" in command]
        voting = [rss for command, rss in seen if "assessment workshop workshop.json" in command]
        assert len(service) == 1 and len(voting) == 1, "one service for the hub, one vote server for her workshop"
        print(
            f"\nRSS: the workshop service {service[0] / 2**20:.0f} MiB (one for the whole hub), "
            f"a workshop's vote server {voting[0] / 2**20:.0f} MiB (in the consultant's server while it runs)"
        )
        assert kernel.run(STOP_WORKSHOP).strip() == "0"
        assert httpx.get(join, timeout=60).status_code == 404, "the link ends with the workshop"
    finally:
        with contextlib.suppress(AssertionError):
            kernel.run("workshop.terminate()")
        kernel.close()
