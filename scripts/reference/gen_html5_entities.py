#!/usr/bin/env python3
"""Write the HTML5 named character references (the WHATWG list, as Python's html.entities.html5 holds it) to
src/TvrLab/Text/html5-entities.tsv: one `name<TAB>code points` line each, names with or without the trailing ';'
exactly as the standard lists them. TvrLab's HtmlUnescape reads it to reproduce Python's html.unescape."""
import html.entities, pathlib, sys

out = pathlib.Path(__file__).resolve().parents[2] / "src/TvrLab/Text/html5-entities.tsv"
lines = [f"{name}\t{' '.join(f'{ord(c):X}' for c in chars)}" for name, chars in sorted(html.entities.html5.items())]
out.write_text("\n".join(lines) + "\n", encoding="ascii")
print(f"{len(lines)} entities -> {out} (Python {sys.version.split()[0]})")
