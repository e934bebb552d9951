"""The guided workbook's widgets: one module per step, each with ``show()`` for its notebook.

``start`` (choose the assessment and language, then the intake), ``purpose``, ``goals``,
``dialogue``, ``areas``, ``summary``; ``app`` shows them all as tabs for Voilà.
"""
