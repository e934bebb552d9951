"""JupyterHub for a national programme: every user's server opens the dialogue maturity
workbook, a programme's scales are shared read-only, idle servers are stopped, and the
workshop vote server runs as a hub service.

Run it with ``jupyterhub -f deploy/jupyterhub/jupyterhub_config.py`` on a Linux host where
the hub's Python environment has ``dialogue-maturity-workbook[hub]`` installed (the users'
servers run in the same environment unless ``DIALOGUE_HUB_USER_PYTHON`` names another) and
``configurable-http-proxy`` is on the PATH (``npm install -g configurable-http-proxy``).
Each setting below comes from an environment variable of the hub, so one file serves every
installation; see ``README.md`` beside this file. Users are the host's own accounts
(``LocalProcessSpawner``, PAM login) unless you choose another spawner and authenticator
(for example an OAuthenticator for the programme's single sign-on) at the end of this file.
"""

import os
import subprocess
import sys

c = get_config()  # provided by JupyterHub when it reads this file

#: The Python of the users' servers: it must have the workbook installed.
USER_PYTHON = os.environ.get("DIALOGUE_HUB_USER_PYTHON", sys.executable)
#: What a user sees after logging in: "app" (the whole workbook on one page, Voilà, no code)
#: or "workbook" (JupyterLab at the start notebook, for consultants facilitating workshops).
OPENS = os.environ.get("DIALOGUE_HUB_OPENS", "app")
#: Folders where the programme publishes its own scales (os.pathsep-separated); users can
#: only read them. ``assessment new --scale ID`` and the start page find their ids.
SHARED_SCALES = os.environ.get("DIALOGUE_HUB_SCALES", "/srv/dialogue-workbook/scales")
#: The address users reach the hub at, e.g. https://dialog.example.org (participants'
#: voting links start with it); empty: the vote server is only reachable from this host.
PUBLIC_URL = os.environ.get("DIALOGUE_HUB_PUBLIC_URL", "").rstrip("/")
#: Seconds without activity after which a user's server (and its memory) is released.
IDLE_TIMEOUT = int(os.environ.get("DIALOGUE_HUB_IDLE_TIMEOUT", "3600"))
#: The workshop service: its local port, and its folder (writable by the hub's account), where
#: it keeps only which hub user owns which workshop link. Votes are never kept there: they go
#: into the consultant's own file, written by the vote server in the consultant's own server.
WORKSHOP_PORT = int(os.environ.get("DIALOGUE_HUB_WORKSHOP_PORT", "10101"))
WORKSHOP_DATA = os.environ.get("DIALOGUE_HUB_WORKSHOP_DATA", "/srv/dialogue-workbook/workshop")

FIRST_PAGE = {"app": "/voila/render/app.ipynb", "workbook": "/lab/tree/01_start.ipynb"}
if OPENS not in FIRST_PAGE:
    raise ValueError(f"DIALOGUE_HUB_OPENS: '{OPENS}' is not one of {', '.join(FIRST_PAGE)}")


def workshop_service_installed() -> bool:
    """The vote server ships as the command `assessment workshop-service`; until the
    installed workbook has it, the hub runs without one."""
    try:
        found = subprocess.run(
            [USER_PYTHON, "-m", "assessment", "workshop-service", "--help"], capture_output=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return found.returncode == 0


WORKSHOP = workshop_service_installed()
VOTE_URL = f"{PUBLIC_URL}/services/workshop/" if PUBLIC_URL and WORKSHOP else ""

# --- each user's server ------------------------------------------------------------------
# `assessment singleuser` copies (or, after an upgrade, refreshes) the notebooks into the
# user's workbook home (~/.dialogue-workbook), then runs jupyterhub-singleuser there with the
# Voilà settings the package ships. Kernels idle for IDLE_TIMEOUT are shut down as well.
c.Spawner.cmd = [USER_PYTHON, "-m", "assessment", "singleuser"]
c.Spawner.args = [
    "--",
    f"--MappingKernelManager.cull_idle_timeout={IDLE_TIMEOUT}",
    "--MappingKernelManager.cull_interval=300",
]
c.Spawner.default_url = FIRST_PAGE[OPENS]
c.Spawner.environment = {
    "DIALOGUE_WORKBOOK_SCALES": SHARED_SCALES,
    **({"DIALOGUE_WORKBOOK_VOTE_URL": VOTE_URL} if VOTE_URL else {}),
}
c.Spawner.start_timeout = 120  # a first start copies notebooks and imports Jupyter; busy hosts are slow
c.Spawner.http_timeout = 120
if PUBLIC_URL:
    c.JupyterHub.public_url = PUBLIC_URL
c.Authenticator.allow_all = True  # everyone the authenticator accepts; narrow with allowed_users or groups

# --- idle culling: jupyterhub-idle-culler, a hub service --------------------------------
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={IDLE_TIMEOUT}"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]


# --- the workshop vote server, a hub service ---------------------------------------------
if WORKSHOP:
    # A consultant's notebook starts the vote server inside the consultant's own server, on their
    # own file; it registers the workshop with this service as that hub user (their server's
    # token, hence the `server` role below), and the service relays phones to it. Participants
    # join by the workshop's link or code under /services/workshop/ without an account; the
    # proxy passes every path to the service, which decides what needs a login
    # (/services/workshop/rooms: a consultant's running workshops, after the hub's login).
    c.JupyterHub.services.append(
        {
            "name": "workshop",
            "url": f"http://127.0.0.1:{WORKSHOP_PORT}",
            "command": [USER_PYTHON, "-m", "assessment", "workshop-service"],
            "environment": {
                "DIALOGUE_WORKBOOK_HOME": WORKSHOP_DATA,
                "DIALOGUE_WORKBOOK_SCALES": SHARED_SCALES,
                **({"DIALOGUE_WORKBOOK_VOTE_URL": VOTE_URL} if VOTE_URL else {}),
            },
            "oauth_no_confirm": True,
            "display": True,
        }
    )
    c.JupyterHub.load_roles.append({"name": "user", "scopes": ["self", "access:services!service=workshop"]})
    # a user's server (and so the notebook's vote server) may register workshops as its user
    c.JupyterHub.load_roles.append(
        {
            "name": "server",
            "scopes": ["users:activity!user", "access:servers!server", "access:services!service=workshop"],
        }
    )

# --- who logs in and where servers run: the host's accounts by default ------------------
# c.JupyterHub.authenticator_class = "generic-oauth"     # the programme's single sign-on
# c.JupyterHub.spawner_class = "systemd"                 # jupyterhub-systemdspawner: memory limits per user
# c.JupyterHub.bind_url = "http://:8000"                 # behind a TLS-terminating reverse proxy
