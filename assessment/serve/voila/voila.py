"""Voilà's settings that are code rather than JSON, read by ``assessment app`` (which points
``Voila.config_file_paths`` here): the hook that puts the page's title and loading text, in
the assessment's language, into the app notebook before Voilà renders it."""

from assessment.serve.voila_page import prelaunch

c = get_config()  # type: ignore[name-defined]  # noqa: F821 - traitlets gives config files this function
c.VoilaConfiguration.prelaunch_hook = prelaunch
