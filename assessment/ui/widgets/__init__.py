"""Building blocks every step uses: fields bound to one item, row tables, level cards, styles."""
