"""The workshop room: items put to the vote, what the consultant and the phones may do with them, sheets."""
