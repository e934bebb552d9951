"""The workshop room in the consultant's step: the controls and the wall."""
