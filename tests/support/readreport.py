#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Reads an HTML audit report (`devassign report`) on stdin with Python's html.parser, as a browser's
# tokenizer would, and prints what tst_report and tst_hostile check, as JSON:
#   tags, attributes      every distinct start tag / attribute name
#   resources             every src/href/xlink:href/action/data/srcset attribute value, <link> and
#                         <script>: what could load something (only "#…" links are expected)
#   comments, title, h1, style
#   facts                 {row id: cell text} of the platform table
#   diagnostics           [{"id", "class", "cells": [text, ...]}] for each <tr class="diagnostic …">
#   devices               [{"state", "cells": [...]}] for each <tr class="device">
#   pictures              {section id: {"boxes": [[x, y, w, h]], "texts": [[x, y, text]]}}: the SVG's
#                         rectangles (<rect>, or a <path> that is one axis-aligned rectangle) and
#                         texts, in the SVG's user space (the <g transform="matrix(…)"> applied).
import html.parser
import json
import re
import sys

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


def matrix(transform):
    if not transform:
        return (1, 0, 0, 1, 0, 0)
    m = re.match(r"\s*matrix\(([^)]*)\)", transform)
    if not m:
        return (1, 0, 0, 1, 0, 0)
    return tuple(float(v) for v in NUMBER.findall(m.group(1)))


def compose(a, b):  # a then b: the point is mapped by b first, then by a
    return (a[0] * b[0] + a[2] * b[1], a[1] * b[0] + a[3] * b[1], a[0] * b[2] + a[2] * b[3],
            a[1] * b[2] + a[3] * b[3], a[0] * b[4] + a[2] * b[5] + a[4], a[1] * b[4] + a[3] * b[5] + a[5])


def apply(m, x, y):
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


class Report(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = {"tags": set(), "attributes": set(), "resources": [], "comments": [], "title": "", "h1": "",
                    "style": "", "facts": {}, "diagnostics": [], "devices": [], "pictures": {}}
        self.stack = []          # open elements: (tag, attrs)
        self.svg_matrix = []     # the transforms of the open <g>s inside the current <svg>
        self.section = None
        self.row = None          # the row being read: {"kind", "id", "class", "cells"}
        self.cell = None
        self.text = None         # the SVG <text> being read: [x, y, text]

    def picture(self):
        return self.out["pictures"].setdefault(self.section, {"boxes": [], "texts": []})

    def current_matrix(self):
        m = (1, 0, 0, 1, 0, 0)
        for t in self.svg_matrix:
            m = compose(m, t)
        return m

    def box(self, x, y, w, h):
        m = self.current_matrix()
        x0, y0 = apply(m, x, y)
        x1, y1 = apply(m, x + w, y + h)
        self.picture()["boxes"].append([min(x0, x1), min(y0, y1), abs(x1 - x0), abs(y1 - y0)])

    def path_box(self, d):
        # One rectangle: M x,y then lines to three more corners (and back), axis-aligned.
        if re.search(r"[CcQqAaSsTt]", d):
            return
        values = [float(v) for v in NUMBER.findall(d)]
        points = list(zip(values[0::2], values[1::2]))
        if points and points[-1] == points[0]:
            points = points[:-1]
        if len(points) != 4:
            return
        xs = sorted(set(p[0] for p in points))
        ys = sorted(set(p[1] for p in points))
        if len(xs) == 2 and len(ys) == 2:
            self.box(xs[0], ys[0], xs[1] - xs[0], ys[1] - ys[0])

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.out["tags"].add(tag)
        for name, value in attrs:
            self.out["attributes"].add(name)
            if name in ("src", "href", "xlink:href", "action", "data", "srcset", "formaction", "poster"):
                self.out["resources"].append([tag, name, value or ""])
        if tag in ("link", "script", "iframe", "object", "embed", "img"):
            self.out["resources"].append([tag, "", ""])
        if tag == "section":
            self.section = a.get("id")
        if tag == "svg":
            self.svg_matrix = []
        if tag == "g":
            self.svg_matrix.append(matrix(a.get("transform")))
        if tag == "rect" and self.section:
            self.box(*(float(a.get(k, "0")) for k in ("x", "y", "width", "height")))
        if tag == "path" and self.section and a.get("d"):
            self.path_box(a["d"])
        if tag == "text" and self.section:
            x, y = apply(self.current_matrix(), float(a.get("x", "0")), float(a.get("y", "0")))
            self.text = [x, y, ""]
        if tag == "tr":
            classes = (a.get("class") or "").split()
            if "diagnostic" in classes:
                self.row = {"kind": "diagnostics", "id": a.get("id", ""), "class": a.get("class"), "cells": []}
            elif "device" in classes:
                self.row = {"kind": "devices", "state": "", "cells": []}
            elif self.section == "platform":
                self.row = {"kind": "facts", "id": a.get("id", ""), "cells": []}
        if tag == "br" and self.cell is not None:
            self.cell += " "
        if tag in ("td", "th") and self.row is not None:
            self.cell = ""
            if self.row["kind"] == "devices" and "state" in (a.get("class") or "").split():
                self.row["state"] = (a.get("class") or "").split()[-1]
        if tag not in ("br", "meta", "link", "img", "input", "hr", "rect", "path", "polyline", "polygon",
                       "ellipse", "circle", "line", "image", "use", "stop"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag == "g" and self.svg_matrix:
            self.svg_matrix.pop()
        if tag == "text" and self.text is not None:
            self.picture()["texts"].append(self.text)
            self.text = None
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row["cells"].append(" ".join(self.cell.split()))
            self.cell = None
        if tag == "tr" and self.row is not None:
            row = self.row
            self.row = None
            kind = row.pop("kind")
            if kind == "facts":
                self.out["facts"][row["id"]] = row["cells"][-1] if row["cells"] else ""
            else:
                self.out[kind].append(row)
        if tag == "section":
            self.section = None

    def handle_data(self, data):
        top = self.stack[-1] if self.stack else None
        if top == "title" and "svg" not in self.stack:
            self.out["title"] += data
        if "h1" in self.stack:
            self.out["h1"] += data
        if top == "style":
            self.out["style"] += data
        if self.text is not None:
            self.text[2] += data
        if self.cell is not None:
            self.cell += data

    def handle_comment(self, data):
        self.out["comments"].append(data)


r = Report()
r.feed(sys.stdin.read())
r.close()
r.out["tags"] = sorted(r.out["tags"])
r.out["attributes"] = sorted(r.out["attributes"])
print(json.dumps(r.out))
