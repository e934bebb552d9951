"""The guided workbook's widgets, by layer: ``steps`` (one module per step, each with
``show()`` for its notebook), ``widgets`` (what every step builds with), ``state`` (the
session, autosave, the kernel's beat) and ``workshop`` (the room's controls and wall);
``app`` shows every step as tabs for Voilà.
"""
