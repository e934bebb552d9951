"""Serving the workbook: its notebooks in the user's folder, and the Jupyter servers
(JupyterLab, the Voilà app, a JupyterHub user's server) started from the installed package."""
