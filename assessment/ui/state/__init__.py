"""The session behind the widgets: the open assessment, autosave, the kernel's heartbeat."""
