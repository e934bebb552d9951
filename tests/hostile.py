"""Free text that carries the markup of every output format the workbook writes.

Each must be stored and reloaded unchanged, and shown literally in every output: never
run as a formula, never turned into formatting, never breaking a table.
"""

from __future__ import annotations

MARKUP = {
    "html": "<script>alert('x')</script><b>fed</b> &amp; &lt;/td></table>",
    "markdown": "**fed** _kursiv_ [klik](javascript:alert(1))\n# Overskrift\n- punkt\n| a | b |\n|---|---|",
    "latex": r"\textbf{fed} $x^2$ % kommentar \\ \end{document} ~ & # _ ^ {}",
    "typst": '#set page(fill: red) *fed* _kursiv_ $x$ #import "x.typ": * @ref <mærke> `kode` \\',
    "excel-formula": '=HYPERLINK("http://evil.example","Klik her")',
    "excel-plus": "+1+1",
    "excel-minus": "-2+3",
    "excel-at": "@SUM(A1:A9)",
    "excel-tab": "\t=1+1",
    "csv-structure": 'a;b,"c"\r\nd;e',
    "nordic-and-emoji": "Æblegrød og rødgrød med fløde, Tromsø 🫐👩🏽‍⚕️",
    "backslashes": "C:\\Users\\helle\\noter\\ny.txt \\n \\u00e6",
}

# Formula-like texts, for the fields that strip surrounding whitespace (names, action titles).
FORMULAS = [MARKUP[k] for k in ("excel-formula", "excel-plus", "excel-minus", "excel-at")]
